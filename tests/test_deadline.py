"""The one wait-in-slices of the sync side (app/sync/deadline.py), used by the channel's `recv`
and `drain` and by the gate's `first_caller`. No clock is read by the assertions: only bounds."""

from app.sync.deadline import Deadline


def test_no_deadline_waits_in_whole_slices_forever() -> None:
    forever = Deadline(None)
    assert [forever.pause(0.2) for _ in range(3)] == [0.2, 0.2, 0.2]


def test_a_passed_deadline_ends_the_wait() -> None:
    assert Deadline(0).pause(1.0) is None
    assert Deadline(-5).pause(1.0) is None


def test_a_slice_is_never_longer_than_asked_nor_beyond_the_deadline() -> None:
    far = Deadline(3600)
    assert far.pause(0.2) == 0.2
    longest = far.pause(10_000)
    assert longest is not None and 0 < longest <= 3600
