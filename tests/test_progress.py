import threading

from trilat import progress


def test_silent_without_a_terminal(capsys):
    with progress.bar(10, "work"):
        progress.advance()
    assert capsys.readouterr().err == ""


def test_advances_from_threads_on_a_terminal(monkeypatch):
    monkeypatch.setattr(progress, "enabled", lambda: True)
    with progress.bar(4, "work"):
        threads = [threading.Thread(target=progress.advance) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    progress.advance()  # after the bar: a no-op
