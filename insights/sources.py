"""Every model insights reads from the other apps, in one place.

Looked up by app label and name, so a model that moves between apps (matching out of
``opportunities``, the newsletter out of ``portal``) is repointed here and nowhere else.
"""

from django.apps import apps


def model(label):
    return apps.get_model(*label.split("."))


def FocalArea():  # noqa: N802 (reads like the model it returns)
    return model("portal.FocalArea")


def User():  # noqa: N802
    return model("accounts.User")


def Organisation():  # noqa: N802
    return model("accounts.Organisation")


def Asset():  # noqa: N802
    return model("assets.Asset")


def AccessModel():  # noqa: N802
    return model("assets.AccessModel")


def Enquiry():  # noqa: N802
    return model("assets.Enquiry")


def Opportunity():  # noqa: N802
    return model("opportunities.Opportunity")


def ExpressionOfInterest():  # noqa: N802
    return model("opportunities.ExpressionOfInterest")


def Match():  # noqa: N802
    return model("matching.Match")


def MatchFeedback():  # noqa: N802
    return model("matching.MatchFeedback")


def Subscriber():  # noqa: N802
    return model("newsletter.Subscriber")


def Digest():  # noqa: N802
    return model("newsletter.Digest")


def Delivery():  # noqa: N802
    return model("newsletter.Delivery")


def Participant():  # noqa: N802
    return model("brokerage.Participant")


def Meeting():  # noqa: N802
    return model("brokerage.Meeting")


def Outcome():  # noqa: N802
    return model("brokerage.Outcome")


def Matchmaking():  # noqa: N802
    return model("brokerage.Matchmaking")
