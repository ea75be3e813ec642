"""Delegated audiences (media.audiences): media asks the owning app who may watch an "event" asset, in lists
(one subquery) and for one asset; without a checker nobody but managers sees it; media forms never offer it;
the file view's cached "yes" is dropped when the owning app says its rule changed."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.test import Client

from media import audiences, pipeline, selectors, services
from media.models import Audience, VideoAsset
from media.permissions import audience_choices
from people.models import Role
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def asset(videos):
    created = services.asset_create_from_file(path=str(videos["small"]), filename="small.mp4", actor=None,
                                              titles={"title_en": "Recorded session"},
                                              options={"audience": Audience.EVENT})
    return pipeline.process(created.pk)


@pytest.fixture
def allowed(monkeypatch):
    """A stand-in owning app: the users whose pk is in the set may watch every "event" asset."""
    who: set[int] = set()

    def visible(user, asset):
        return user.pk in who

    def visible_ids(user):  # the Q form of the contract (a queryset of ids is the other)
        return Q() if user.pk in who else Q(pk__in=[])

    monkeypatch.setitem(audiences._registry, Audience.EVENT,
                        audiences.DelegatedAudience(visible=visible, visible_ids=visible_ids))
    return who


def files(asset) -> list[str]:
    sources = selectors.playback_sources(asset)
    return [sources["hls"], sources["mp4"][0][1], sources["poster"]]


def statuses(asset, user) -> set[int]:
    client = Client()
    if user is not None:
        client.force_login(user)
    return {client.get(url).status_code for url in files(asset)} | {client.get(f"/watch/{asset.pk}/").status_code}


def test_only_known_audiences_can_be_registered():
    with pytest.raises(ValueError):
        audiences.register_audience("martians", visible=lambda u, a: True, visible_ids=lambda u: VideoAsset.objects)


def test_the_owning_app_decides(asset, allowed):
    insider, outsider = UserFactory(username="insider"), user_with_role(Role.SERVANT, username="outsider")
    allowed.add(insider.pk)
    assert statuses(asset, insider) == {200}
    assert statuses(asset, outsider) == {403, 404}  # /watch/ 403, files 404 (no probing of ids)
    assert statuses(asset, None) == {302, 404}  # the player asks an anonymous visitor to sign in
    assert list(selectors.assets_visible_to(insider)) == [asset]
    assert list(selectors.assets_visible_to(outsider)) == []
    assert list(selectors.assets_visible_to(AnonymousUser())) == []
    faculty = user_with_role(Role.FACULTY, username="lecturer")  # managers see every asset regardless
    assert selectors.asset_visible_to(faculty, asset)


def test_without_a_checker_nobody_but_managers_sees_it(asset, monkeypatch):
    monkeypatch.delitem(audiences._registry, Audience.EVENT)
    user = user_with_role(Role.SERVANT, username="servant")
    assert not selectors.asset_visible_to(user, asset) and list(selectors.assets_visible_to(user)) == []
    assert selectors.asset_visible_to(user_with_role(Role.ADMIN, username="root"), asset)


def test_a_changed_rule_drops_the_cached_answer(asset, allowed):
    viewer = UserFactory(username="viewer")
    allowed.add(viewer.pk)
    client = Client()
    client.force_login(viewer)
    url = files(asset)[1]
    assert client.get(url).status_code == 200
    allowed.discard(viewer.pk)
    assert client.get(url).status_code == 200  # still cached: that is the cache's purpose
    audiences.acl_changed(asset.pk)
    assert client.get(url).status_code == 404
    allowed.add(viewer.pk)
    assert client.get(url).status_code == 200


def test_forms_never_offer_the_delegated_audience(asset, allowed):
    from frontend.media.forms import AssetForm

    assert Audience.EVENT not in dict(audience_choices())
    assert Audience.EVENT in dict(audience_choices(Audience.EVENT))
    assert Audience.EVENT not in dict(AssetForm().fields["audience"].choices)
    form = AssetForm({"title_en": "x", "audience": Audience.PUBLIC}, asset=asset)
    assert form.is_valid() and form.cleaned_data["audience"] == Audience.EVENT  # read-only: the post is ignored

    faculty = user_with_role(Role.FACULTY, username="editor")
    client = Client()
    client.force_login(faculty)
    client.post(f"/media/assets/{asset.pk}/edit/", {"title_en": "Renamed", "audience": Audience.PUBLIC})
    asset.refresh_from_db()
    assert asset.audience == Audience.EVENT and asset.title_en == "Renamed"
    other = VideoAsset.objects.create(title_en="Plain", source="videos/x.mp4")
    form = AssetForm({"title_en": "x", "audience": Audience.EVENT}, asset=other)
    assert not form.is_valid() and "audience" in form.errors
