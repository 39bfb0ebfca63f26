"""Pages of a business case. Thin: forms validate, services write, selectors read, the core computes."""
