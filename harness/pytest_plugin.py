"""pytest plugin (entry point ``pytest11``): fixtures that run an embedded estate."""
