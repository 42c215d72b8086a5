"""SafetyStation core: the station's data model, storage, services, Excel and reports — no Qt here."""

__version__ = "0.1.0"
