"""WikiLearn suite XBlocks: rubric, pitch review and timezone poll.

``xblocks`` is the root module of every suite block, which is where Open edX looks for their
translations (``conf/plugins-locale/xblock.v1/xblocks``).
"""

__version__ = "0.1.0"
