"""The HMC REST API (``/rest/api/web``, ``/rest/api/uom``) served over HTTPS from the same world as SSH.

certs.py      the self-signed certificate each HMC keeps in the key directory
uomxml.py     Atom feeds/entries, UOM elements, LogonResponse and HttpErrorResponse text
ids.py        UUIDs stable per world (partitions keep their own ``uuid``)
resources.py  world -> ManagementConsole / ManagedSystem / LogicalPartition / VirtualIOServer / quick
sessions.py   X-API-Session tokens, idle expiry on the virtual clock
changes.py    POST of an edited LogicalPartition -> the DLPAR operations chhwres runs
server.py     the aiohttp application per HMC
"""
