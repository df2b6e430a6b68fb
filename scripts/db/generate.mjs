// placeholder replaced by the db tooling
