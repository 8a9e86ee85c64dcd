"""nahwerk: the open platform on which a regional innovation network runs."""
