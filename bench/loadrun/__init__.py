"""The parts of bench/load.py: the services it starts, the clients, the accounting, the report."""
