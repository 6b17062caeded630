"""A small version history of the demo corpus, as a git repository.

Used by generate_demo.py --history DIR: the Terms of Service of a few demo
platforms as <Platform>/<Document>.md files, committed version after version
with dates relative to the day it is generated (noon UTC), so that "the last
30 days" has activity: a clause modified, one added, one removed and a
formatting-only edit. The same day gives the same commit ids.

Written with the git CLI (author and committer dates from the environment).
Python 3 standard library only.
"""

import datetime
import os
import shutil
import subprocess

HISTORY_PLATFORMS = 4
DOCUMENT = "Terms of Service"
# An invented clause that versions add.
ADDED_TEXT = ("{P} may share aggregated and de-identified usage statistics with business partners "
              "to improve the Service and measure its performance.")


def document_markdown(clauses):
    parts = ["# " + DOCUMENT]
    for title, text in clauses:
        parts += ["## " + title, text]
    return "\n\n".join(parts) + "\n"


def versions_of(platform, clauses, offset):
    """(days ago, clauses, message) of one platform's document, oldest first."""
    first = list(clauses)
    modified = list(first)
    title, text = modified[1]
    modified[1] = (title, text.rstrip(".") + ", and we will notify you by e-mail when this changes.")
    added = modified + [("Usage statistics", ADDED_TEXT.format(P=platform))]
    removed = added[:2] + added[3:]
    # Punctuation only (markdown emphasis alone would not even change the
    # clause's text): recorded as formatting, not as a change.
    title, text = removed[0]
    formatting = [(title, text.replace(", ", " - ", 1).rstrip(".") + ";")] + removed[1:]
    return [(90 + offset, first, "first version"), (28 - offset, modified, "clause modified"),
            (20 - offset, added, "clause added"), (9 - offset, removed, "clause removed"),
            (3 + offset, formatting, "formatting only")]


def write_history(records, directory, today=None):
    """Writes the repository at directory (replacing it); returns its commit count."""
    today = today or datetime.datetime.now(datetime.timezone.utc).date()
    by_platform = {}
    for r in records:
        if r["document"] == DOCUMENT:
            by_platform.setdefault(r["platform"], []).append((r["title"], r["text"]))
    chosen = [p for p, c in by_platform.items() if len(c) >= 4][:HISTORY_PLATFORMS]
    commits = []
    for offset, platform in enumerate(chosen):
        for days_ago, clauses, message in versions_of(platform, by_platform[platform], offset):
            commits.append((days_ago, platform, clauses, message))
    commits.sort(key=lambda c: (-c[0], c[1]))
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)

    def git(*args, env=None):
        subprocess.run(["git", "-C", directory, *args], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    git("init", "-q", "-b", "main")
    for days_ago, platform, clauses, message in commits:
        os.makedirs(os.path.join(directory, platform), exist_ok=True)
        path = os.path.join(platform, DOCUMENT + ".md")
        with open(os.path.join(directory, path), "w", encoding="utf-8") as f:
            f.write(document_markdown(clauses))
        git("add", path)
        when = (datetime.datetime.combine(today, datetime.time(12), datetime.timezone.utc)
                - datetime.timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")
        env = dict(os.environ, GIT_AUTHOR_NAME="Demo", GIT_AUTHOR_EMAIL="demo@example.org",
                   GIT_COMMITTER_NAME="Demo", GIT_COMMITTER_EMAIL="demo@example.org",
                   GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
        git("-c", "commit.gpgsign=false", "commit", "-q", "-m", platform + ": " + message, env=env)
    return len(commits)
