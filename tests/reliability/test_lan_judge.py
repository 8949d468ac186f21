"""The LAN observer's judge (harness/runtime/observer.py): a prober that starts before the HMC's container
listens on 657, or one probe that times out on a loaded machine, must not become a fault in the world
(a restarted container estate once came back with a block_port nobody set)."""

from harness.runtime.observer import LanObserver, LinkJudge

TCP_DOWN = {"hmc1": {"tcp": False, "icmp": True}}
ALL_DOWN = {"hmc1": {"tcp": False, "icmp": False}}
HEALTHY = {"hmc1": {"tcp": True, "icmp": True}}


class _Recorder(LanObserver):
    def __init__(self):  # no estate, no web app: only the judging is under test
        self.judge = LinkJudge()
        self.applied_calls = []

    def apply(self, host, wanted):
        self.applied_calls.append((host, wanted))
        return wanted


def test_a_link_never_seen_healthy_is_not_a_fault():
    obs = _Recorder()
    for _ in range(3):
        assert obs.judged("lpar21", TCP_DOWN) == LinkJudge.SKIP
    assert obs.applied_calls == []


def test_a_fault_must_be_seen_twice_in_a_row_and_healthy_heals_at_once():
    obs = _Recorder()
    obs.judged("lpar21", HEALTHY)
    assert obs.judged("lpar21", TCP_DOWN) == LinkJudge.SKIP  # one timed-out probe
    obs.judged("lpar21", HEALTHY)
    assert obs.judged("lpar21", TCP_DOWN) == LinkJudge.SKIP  # the streak started again
    assert obs.judged("lpar21", TCP_DOWN) == "block_port"
    assert obs.judged("lpar21", ALL_DOWN) == LinkJudge.SKIP  # a different fault needs its own streak
    assert obs.judged("lpar21", ALL_DOWN) == "lan_cut"
    assert obs.judged("lpar21", HEALTHY) is None
    assert obs.applied_calls == [("lpar21", None), ("lpar21", None), ("lpar21", "block_port"),
                                 ("lpar21", "lan_cut"), ("lpar21", None)]
