"""The session table alone: the per-HMC limit drops the longest-idle session, idle expiry is measured
on the clock it is given (the world's virtual clock), logoff forgets the token."""

from harness.rest.sessions import IDLE_SECONDS, MAX_SESSIONS, SessionTable


def test_limit_expiry_and_logoff():
    table = SessionTable()
    first = table.open("hscroot", now=0)
    others = [table.open("hscroot", now=i) for i in range(1, MAX_SESSIONS)]
    assert len(table) == MAX_SESSIONS and table.find(first.token, now=MAX_SESSIONS) is not None  # first used again
    table.open("hscroot", now=MAX_SESSIONS + 1)  # one too many: the longest idle (others[0]) goes
    assert len(table) == MAX_SESSIONS
    assert table.find(others[0].token, now=MAX_SESSIONS + 1) is None
    assert table.find(first.token, now=MAX_SESSIONS + 1) is not None
    assert table.find(first.token, now=MAX_SESSIONS + 1 + IDLE_SECONDS) is not None  # exactly at the limit
    assert table.find(first.token, now=MAX_SESSIONS + 2 + 2 * IDLE_SECONDS) is None
    s = table.open("hscroot", now=10**6)
    assert table.close(s.token) and table.find(s.token, now=10**6) is None and not table.close(s.token)
