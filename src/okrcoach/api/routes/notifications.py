"""Routes: my notification preferences, a unit's notification channels, and the delivery log."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from ...notifications.channel_test import send_test
from ...services import notification_settings as ns
from ...services.versions import base_version, check_version
from ..deps import ActorDep, IfMatchDep, PersonDep, SessionDep
from ..etag import set_etag
from ..schemas.common import Page, PageDep
from ..schemas.notifications import (ChannelCreate, ChannelPublic, ChannelTestResult, ChannelUpdate,
                                     DeliveryPublic, PreferencesPublic, PreferencesUpdate)

router = APIRouter(tags=["notifications"])


@router.get("/me/notifications", response_model=PreferencesPublic, summary="My notification preferences")
def my_preferences(session: SessionDep, actor: ActorDep) -> dict:
    return ns.public_preferences(ns.preferences_of(session, [actor.person_id]).get(actor.person_id))


@router.patch("/me/notifications", response_model=PreferencesPublic,
              summary="Change which notices I get by e-mail and when I am reminded to check in")
def change_preferences(body: PreferencesUpdate, session: SessionDep, actor: ActorDep) -> dict:
    return ns.update_preferences(session, actor=actor, changes=body.model_dump(exclude_unset=True))


@router.get("/units/{key}/channels", response_model=list[ChannelPublic],
            summary="A unit's notification channels (its managers and admins)")
def unit_channels(key: str, session: SessionDep, actor: ActorDep) -> list[dict]:
    return [ns.public_channel(c) for c in ns.list_channels(session, actor=actor, unit_key=key)]


@router.post("/units/{key}/channels", status_code=201, response_model=ChannelPublic,
             summary="Add a DingTalk, Feishu or WeCom group robot, a JSON webhook or an e-mail address to a unit")
def add_channel(key: str, body: ChannelCreate, session: SessionDep, actor: ActorDep) -> dict:
    return ns.public_channel(ns.create_channel(session, actor=actor, unit_key=key,
                                               data=body.model_dump(exclude_unset=True)))


@router.patch("/channels/{channel_id}", response_model=ChannelPublic, summary="Change a channel")
def change_channel(channel_id: int, body: ChannelUpdate, session: SessionDep, actor: ActorDep,
                   if_match: IfMatchDep, response: Response) -> dict:
    """Send the version you read (``If-Match`` or ``version``): a channel changed meanwhile is a 409."""
    changes = body.model_dump(exclude_unset=True)
    changes.pop("version", None)
    check_version(ns.channel_for(session, actor, channel_id), base_version(if_match, body.version),
                  f"channel {channel_id}")
    channel = ns.update_channel(session, actor=actor, channel_id=channel_id, changes=changes)
    set_etag(response, channel.version)
    return ns.public_channel(channel)


@router.post("/channels/{channel_id}/test", response_model=ChannelTestResult,
             summary="Send a test message to a channel now and say whether it arrived")
def test_channel(channel_id: int, request: Request, session: SessionDep, actor: ActorDep,
                 person: PersonDep) -> dict:
    """The channel's own platform answers: a wrong address, signature or mailbox shows here at once
    (``delivered: false`` with the reason), not later in the delivery log."""
    error = send_test(ns.channel_for(session, actor, channel_id), by=person.name,
                      settings=request.app.state.settings)
    return {"delivered": error is None, "error": error}


@router.delete("/channels/{channel_id}", status_code=204, response_class=Response, summary="Remove a channel")
def remove_channel(channel_id: int, session: SessionDep, actor: ActorDep) -> Response:
    ns.delete_channel(session, actor=actor, channel_id=channel_id)
    return Response(status_code=204)


@router.get("/notifications", response_model=Page[DeliveryPublic],
            summary="The delivery log: notices, newest first, with every try (admins)")
def delivery_log(session: SessionDep, actor: ActorDep, page: PageDep,
                 status: Annotated[str | None, Query(description="pending, sent or failed")] = None) -> dict:
    rows, total = ns.deliveries(session, actor=actor, status=status, offset=page.offset, limit=page.per_page)
    return page.of([ns.public_delivery(n, tries) for n, tries in rows], total)


@router.post("/notifications/{notification_id}/retry", response_model=DeliveryPublic,
             summary="Try a notice that failed or waits for its next try again now (admins)")
def retry(notification_id: int, session: SessionDep, actor: ActorDep) -> dict:
    return ns.public_delivery(ns.retry(session, actor=actor, notification_id=notification_id), [])
