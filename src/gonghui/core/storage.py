"""Static files under hashed names, compressed (gzip and brotli), so WhiteNoise can cache them for a year."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed names once ``collectstatic`` has run (``gonghui demo`` and ``gonghui serve`` run it); the plain
    names before that (a checkout, the tests), where Django's manifest storage would refuse every page."""

    def stored_name(self, name):
        if not self.hashed_files:
            return name
        return super().stored_name(name)
