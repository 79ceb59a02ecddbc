from django.conf import settings


def site(request):
    """Values every page needs: the site's name and the newsletter box's action."""
    return {"SITE_NAME": "LCR+ Innovation Portal", "SITE_URL": settings.SITE_URL}
