"""Risk register pages: the register with its filters and heat maps, risk forms, import and export,
and the organisation's matrix."""
