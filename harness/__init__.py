"""fakehmc: a fake IBM HMC and fake AIX partitions over real SSH, backed by one world model."""

__version__ = "0.1.0"
