"""``pipeline doctor`` finds what is there and says how to install what is missing."""

from tests.conftest import run_cli


def test_doctor_on_this_machine(project):
    r = run_cli(project, "doctor")
    assert r.code == 0, r.out + r.err
    assert "ok       espeak-ng" in r.out and "ok       ffmpeg" in r.out


def test_doctor_names_missing_tools_and_the_fix(project, tmp_path):
    r = run_cli(project, "doctor", env={"PATH": str(tmp_path)})  # nothing on PATH
    assert r.code == 6
    assert "MISSING  espeak-ng" in r.out and "fix: apt-get install -y espeak-ng" in r.out
    assert "MISSING  ffmpeg" in r.out and "fix: apt-get install -y ffmpeg" in r.out
    assert "Traceback" not in r.err


def test_doctor_reports_a_broken_voice_profile(project):
    (project.voices / "en-GB.toml").write_text('engine = "pyttsx3"\nvoice = "gmw/en"\nlanguage = "en-GB"\nrate = 9000\n')
    r = run_cli(project, "doctor")
    assert r.code == 6
    assert "rate" in r.out and "MISSING  voice profile en-GB" in r.out
