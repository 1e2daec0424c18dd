"""A terminal progress bar per downloaded file, for the engine's ``progress(name, done, total)``."""


class FileProgress:
    """One tqdm bar per file while it downloads; a new file closes the previous bar."""

    def __init__(self, stream=None, disable=False):
        from tqdm import tqdm  # only when a progress bar is wanted

        self.tqdm = tqdm
        self.stream = stream
        self.disable = disable
        self.bar = None
        self.name = None

    def __call__(self, name, done, total):
        if name != self.name:
            self.close()
            self.name = name
            self.bar = self.tqdm(total=total, desc=name.split("/")[-1][-40:], unit="B", unit_scale=True,
                                 unit_divisor=1024, file=self.stream, disable=self.disable, leave=False)
        self.bar.update(done - self.bar.n)

    def close(self):
        """Close the current bar."""
        if self.bar is not None:
            self.bar.close()
        self.bar = None
