"""Framework-free BigBlueButton recordings client and sync engine (no Django here)."""
