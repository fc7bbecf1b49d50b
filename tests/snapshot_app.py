"""The app on the seeds with an empty database, for snapshot tests."""

import tempfile
from pathlib import Path

from dsreader.analysis import analyze
from dsreader.corpus import load_corpus
from dsreader.pipeline import clean_cached
from dsreader.tui.app import ReaderApp

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
articles = [clean_cached(a) for a in load_corpus(SEEDS).articles]
for article in articles:
    analyze(article)
app = ReaderApp(articles, db_path=Path(tempfile.mkdtemp()) / "db.json", annotator="snapshot")

if __name__ == "__main__":
    app.run()
