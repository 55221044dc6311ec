"""The page rows of the matrix (everything outside /api/)."""

from __future__ import annotations

from .cases import Case, get, post

# --- the table -----------------------------------------------------------------------
#
# Columns, in ROLES order:
#  ans ver til avd tje kom rad amu rgv bhl mer anon
# (ansatt, verneombud, tillitsvalgt, avdelingsleder, tjenesteleder, kommunalsjef,
#  radmann, amu, radgiver, bhtleder, merkantil, anonymous)


PAGES: dict[str, tuple[Case, ...]] = {
    "/bestill/": (get(all="200 200 200 200 200 200 200 200 200 200 200 302"),),
    "/bestillinger/": (get(all="200 200 200 200 200 200 200 200 200 200 200 302"),),
    "/bestillinger/<int:pk>/": (
        get(
            "order",
            own="404 404 404 200 200 200 200 404 200 200 200 302",
            foreign="404 404 404 404 404 404 404 404 200 200 200 302",
            other="404 404 404 404 404 404 200 404 200 200 200 302",
        ),
    ),
    "/bestillinger/<int:pk>/<slug:action>/": (
        post(
            "order",
            params={"action": "send"},
            own="404 404 404 400 400 400 403 404 403 403 403 302",
            other="404 404 404 404 404 404 403 404 403 403 403 302",
        ),
        post(
            "order",
            params={"action": "godta"},
            own="404 404 404 403 403 403 403 404 400 400 403 302",
            other="404 404 404 404 404 404 403 404 403 400 403 302",
        ),
        post(
            "order",
            params={"action": "avsla"},
            own="404 404 404 403 403 403 403 404 400 400 403 302",
            other="404 404 404 404 404 404 403 404 403 400 403 302",
        ),
        post(
            "order",
            params={"action": "godkjenn-kostnad"},
            own="404 404 404 400 403 400 403 404 403 403 403 302",
            other="404 404 404 404 404 404 403 404 403 403 403 302",
        ),
        post(
            "order",
            params={"action": "start"},
            own="404 404 404 403 403 403 403 404 400 400 403 302",
            other="404 404 404 404 404 404 403 404 403 400 403 302",
        ),
        post(
            "order",
            params={"action": "lever"},
            own="404 404 404 403 403 403 403 404 400 400 403 302",
            other="404 404 404 404 404 404 403 404 403 400 403 302",
        ),
        post(
            "order",
            params={"action": "lukk"},
            own="404 404 404 400 400 400 403 404 400 400 403 302",
            other="404 404 404 404 404 404 403 404 403 400 403 302",
        ),
        post(
            "order",
            params={"action": "avbryt"},
            own="404 404 404 302 302 302 403 404 403 302 403 302",
            other="404 404 404 404 404 404 403 404 403 302 403 302",
        ),
        post(
            "order",
            params={"action": "kommentar"},
            own="404 404 404 400 400 400 403 404 400 400 400 302",
            other="404 404 404 404 404 404 403 404 400 400 400 302",
        ),
        post(
            "order",
            params={"action": "notat"},
            own="404 404 404 403 403 403 403 404 400 400 403 302",
            other="404 404 404 404 404 404 403 404 400 400 403 302",
        ),
        post(
            "order",
            params={"action": "vedlegg"},
            own="404 404 404 400 400 400 403 404 400 400 403 302",
            other="404 404 404 404 404 404 403 404 400 400 403 302",
        ),
        post(
            "order",
            params={"action": "tilbakemelding"},
            own="404 404 404 400 403 403 403 404 403 403 403 302",
            other="404 404 404 404 404 404 403 404 403 403 403 302",
        ),
        post(
            "order",
            params={"action": "finnes-ikke"},
            own="404 404 404 404 404 404 404 404 404 404 404 302",
            other="404 404 404 404 404 404 404 404 404 404 404 302",
        ),
    ),
    "/bestillinger/<int:pk>/endre/": (
        get(
            "draft",
            own="404 404 404 200 200 200 403 404 200 200 200 302",
            other="404 404 404 404 404 404 403 404 200 200 200 302",
        ),
    ),
    "/bestillinger/<int:pk>/vedlegg/<int:event_id>/": (
        get(
            "attachment",
            own="404 404 404 200 200 200 200 404 200 200 200 302",
            other="404 404 404 404 404 404 200 404 200 200 200 302",
        ),
    ),
    "/bestillinger/arbeidsko/": (get(all="403 403 403 403 403 403 403 403 200 200 200 302"),),
    "/bestillinger/be-om-rad/": (get(all="200 200 200 200 403 403 403 403 302 302 302 302"),),
    "/bestillinger/henvendelser/": (get(all="403 403 403 403 403 403 403 403 200 200 200 302"),),
    "/bestillinger/henvendelser/<int:pk>/": (
        get(
            "inquiry",
            own="200 404 404 404 404 404 404 404 200 200 200 302",
            other="404 404 404 404 404 404 404 404 200 200 200 302",
        ),
    ),
    "/bestillinger/henvendelser/<int:pk>/<slug:action>/": (
        post(
            "inquiry",
            params={"action": "svar"},
            own="403 404 404 404 404 404 404 404 400 400 403 302",
            other="404 404 404 404 404 404 404 404 400 400 403 302",
        ),
        post(
            "inquiry",
            params={"action": "send-videre"},
            # Confidential: without the consent box ticked the page answers 400.
            own="403 404 404 404 404 404 404 404 400 400 403 302",
            other="404 404 404 404 404 404 404 404 400 400 403 302",
        ),
    ),
    "/bestillinger/henvendelser/ny/": (get(all="403 403 403 403 403 403 403 403 200 200 200 302"),),
    "/bestillinger/ny/": (get(all="403 403 403 200 200 200 403 403 200 200 200 302"),),
    "/bestillinger/sok/avdelinger/": (get(all="200 200 200 200 200 200 200 200 200 200 200 302"),),
    "/bestillinger/sok/personer/": (get(all="403 403 403 403 403 403 403 403 200 200 200 302"),),
    "/bht/": (get(all="403 403 403 403 403 403 403 403 200 200 200 302"),),
    "/handlingsplaner/": (get(all="200 200 200 200 200 200 200 200 200 200 200 302"),),
    "/handlingsplaner/<int:pk>/": (
        get(
            "plan",
            own="200 200 200 200 200 200 200 200 200 200 200 302",
            foreign="404 404 404 404 404 404 404 404 200 200 200 302",
            other="404 404 200 404 404 404 200 200 200 200 200 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/avslutt/": (
        # 200: the confirm step (core/confirm.py); only a post with bekreft=ja closes.
        post(
            "plan",
            own="403 403 403 403 403 200 403 403 403 200 403 302",
            other="404 404 403 404 404 404 403 403 403 200 403 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/behandling/": (
        get(
            "plan",
            own="403 403 403 403 403 200 403 403 403 403 403 302",
            other="404 404 403 404 404 404 403 403 403 403 403 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/budsjett/": (
        post(
            "plan",
            own="403 403 403 403 403 302 403 403 403 403 403 302",
            other="404 404 403 404 404 404 403 403 403 403 403 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/godkjenn/": (
        get(
            "plan",
            own="403 403 403 403 403 403 403 200 403 200 403 302",
            other="404 404 403 404 404 404 403 200 403 200 403 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/protokoll/<int:approval_id>/": (
        get(
            "minutes",
            own="200 200 200 200 200 200 200 200 200 200 200 302",
            other="404 404 200 404 404 404 200 200 200 200 200 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/revider/": (
        # 200: the confirm step (core/confirm.py); only a post with bekreft=ja revises.
        post(
            "plan",
            own="403 403 403 403 403 200 403 403 403 403 403 302",
            other="404 404 403 404 404 404 403 403 403 403 403 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/send/": (
        post(
            "plan",
            own="403 403 403 403 403 302 403 403 403 403 403 302",
            other="404 404 403 404 404 404 403 403 403 403 403 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/signer/": (
        post(
            "plan",
            own="403 403 403 403 403 302 403 403 403 403 403 302",
            other="404 404 403 404 404 404 403 403 403 403 403 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/status/": (
        get(
            "plan",
            own="403 403 403 403 403 200 403 403 200 200 403 302",
            other="404 404 403 404 404 404 403 403 403 200 403 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/tilbakemelding/": (
        get(
            "plan",
            own="403 403 403 403 403 403 403 403 200 200 403 302",
            other="404 404 403 404 404 404 403 403 200 200 403 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/tiltak/": (
        post(
            "plan",
            own="403 403 403 403 403 400 403 403 403 403 403 302",
            other="404 404 403 404 404 404 403 403 403 403 403 302",
        ),
    ),
    "/handlingsplaner/forslag/": (get(all="200 200 200 200 200 200 200 200 200 200 200 302"),),
    "/handlingsplaner/forslag/<int:pk>/avgjor/": (
        post(
            "proposal",
            own="404 404 404 404 403 302 404 404 403 403 403 302",
            other="404 404 404 404 404 404 404 404 403 403 403 302",
        ),
    ),
    "/handlingsplaner/ny/": (get(all="403 403 403 403 403 200 403 403 403 403 403 302"),),
    "/handlingsplaner/tiltak/<int:pk>/": (
        get(
            "plan_item",
            own="403 403 403 403 403 200 403 403 403 403 403 302",
            other="404 404 403 404 404 404 403 403 403 403 403 302",
        ),
    ),
    "/kalender/": (
        get(all="200 200 200 200 200 200 200 200 200 200 200 302"),
        # An empty form names no action: 400 for everyone logged in.
        post(all="400 400 400 400 400 400 400 400 400 400 400 302"),
    ),
    # The feed has no login: its token is the key, whoever holds it.
    "/kalender/<str:token>.ics": (
        get("calendar_feed", any="200 200 200 200 200 200 200 200 200 200 200 200"),
        get(params={"token": "ugyldig"}, all="404 404 404 404 404 404 404 404 404 404 404 404"),
    ),
    "/logg-inn/": (get(all="302 302 302 302 302 302 302 302 302 302 302 200"),),
    "/logg-ut/": (post(all="302 302 302 302 302 302 302 302 302 302 302 302"),),
    "/oidc/authenticate/": (get(all="404 404 404 404 404 404 404 404 404 404 404 404"),),
    "/oidc/callback/": (get(all="404 404 404 404 404 404 404 404 404 404 404 404"),),
    "/organisasjon/": (get(all="302 302 302 302 302 302 302 302 302 302 302 302"),),
    "/organisasjon/<slug:slug>/": (
        get(
            "organisation",
            own="200 200 200 200 200 200 200 200 200 200 200 302",
            foreign="404 404 404 404 404 404 404 404 200 200 200 302",
        ),
    ),
    "/organisasjon/<slug:slug>/omrader/<int:pk>/": (
        get(
            "area",
            own="200 200 200 200 200 200 200 200 200 200 200 302",
            foreign="404 404 404 404 404 404 404 404 200 200 200 302",
            other="404 404 200 404 404 404 200 200 200 200 200 302",
        ),
    ),
    "/organisasjon/<slug:slug>/omrader/<int:pk>/hovedkontakt/": (
        post(
            "area",
            own="403 403 403 403 403 403 403 403 403 400 403 302",
            other="404 404 403 404 404 404 403 403 403 400 403 302",
        ),
    ),
    "/personvern/": (get(all="200 200 200 200 200 200 200 200 200 200 200 200"),),
    # Public: the accessibility statement and its feedback form (empty body: 400).
    "/tilgjengelighet/": (
        get(all="200 200 200 200 200 200 200 200 200 200 200 200"),
        post(all="400 400 400 400 400 400 400 400 400 400 400 400"),
    ),
    "/personvern/navn/": (
        get(
            None,
            query="?navn=Ola+Nordmann",
            all="403 403 403 403 403 403 403 403 403 200 403 302",
        ),
    ),
    "/personvern/navn/eksport.json": (
        get(
            None,
            query="?navn=Ola+Nordmann",
            all="403 403 403 403 403 403 403 403 403 200 403 302",
        ),
    ),
    "/personvern/navn/eksport.pdf": (
        get(
            None,
            query="?navn=Ola+Nordmann",
            all="403 403 403 403 403 403 403 403 403 200 403 302",
        ),
    ),
    "/personvern/navn/slett/": (
        get(
            None,
            query="?navn=Ola+Nordmann",
            all="403 403 403 403 403 403 403 403 403 200 403 302",
        ),
        post(
            None,
            query="?navn=Ola+Nordmann",
            all="403 403 403 403 403 403 403 403 403 400 403 302",
        ),
    ),
    "/personvern/personer/": (get(all="403 403 403 403 403 403 403 403 403 200 403 302"),),
    "/personvern/personer/<str:username>/": (
        get("person", any="403 403 403 403 403 403 403 403 403 200 403 302"),
    ),
    "/personvern/personer/<str:username>/eksport.json": (
        get("person", any="403 403 403 403 403 403 403 403 403 200 403 302"),
    ),
    "/personvern/personer/<str:username>/eksport.pdf": (
        get("person", any="403 403 403 403 403 403 403 403 403 200 403 302"),
    ),
    "/personvern/personer/<str:username>/slett/": (
        get("person", any="403 403 403 403 403 403 403 403 403 200 403 302"),
        post("person", any="403 403 403 403 403 403 403 403 403 400 403 302"),
    ),
    "/rapporter/": (get(all="403 403 403 403 403 200 200 200 200 200 200 302"),),
    "/rapporter/<int:pk>/": (
        get(
            "report",
            own="404 404 404 404 404 200 200 404 200 200 200 302",
            other="404 404 404 404 404 404 200 404 200 200 200 302",
        ),
        get("amu_report", own="404 404 404 404 404 404 200 200 200 200 200 302"),
    ),
    "/rapporter/<int:pk>/frigi/": (
        post("amu_report", own="404 404 404 404 404 404 403 403 403 302 403 302"),
    ),
    "/rapporter/amu-moter/": (
        get(all="403 403 403 403 403 200 200 200 200 200 200 302"),
        post(all="403 403 403 403 403 403 403 403 403 400 403 302"),
    ),
    "/rapporter/amu-moter/<int:pk>/": (
        get("amu_meeting", own="404 404 404 404 404 404 200 200 200 200 200 302"),
    ),
    "/rapporter/amu-moter/<int:pk>/sak/": (
        post("amu_meeting", own="404 404 404 404 404 404 403 400 403 400 403 302"),
    ),
    "/rapporter/amu-moter/<int:pk>/sak/<int:item_pk>/vedtak/": (
        post("amu_meeting", own="404 404 404 404 404 404 403 400 403 403 403 302"),
    ),
    "/rapporter/amu-moter/<int:pk>/oppmote/": (
        post("amu_meeting", own="404 404 404 404 404 404 403 302 403 302 403 302"),
    ),
    "/rapporter/amu-moter/<int:pk>/godkjenn/": (
        post("amu_meeting", own="404 404 404 404 404 404 403 302 403 403 403 302"),
    ),
    "/rapporter/amu-moter/<int:pk>/protokoll/": (
        # No minutes before the chair approves them: 404 for every reader too.
        get("amu_meeting", own="404 404 404 404 404 404 404 404 404 404 404 302"),
    ),
    "/rapporter/bht-opplaering/": (
        get(all="403 403 403 403 403 403 403 403 200 200 200 302"),
        post(all="403 403 403 403 403 403 403 403 403 400 403 302"),
    ),
    "/rapporter/trender/": (get(all="403 403 403 403 403 200 200 200 200 200 200 302"),),
    "/rapporter/referansetall/": (
        get(all="403 403 403 403 403 403 403 403 403 200 403 302"),
        post(all="403 403 403 403 403 403 403 403 403 400 403 302"),
    ),
    "/rapporter/arshjul/": (get(all="403 403 403 403 403 200 200 200 200 200 200 302"),),
    "/rapporter/<int:pk>/behandling/": (
        post("amu_report", own="404 404 404 404 404 404 403 400 403 403 403 302"),
    ),
    "/rapporter/<int:pk>/fil/<str:fmt>/": (
        get(
            "report",
            params={"fmt": "pdf"},
            own="404 404 404 404 404 200 200 404 200 200 200 302",
            other="404 404 404 404 404 404 200 404 200 200 200 302",
        ),
    ),
    "/rapporter/<int:pk>/kommentar/": (
        post("amu_report", own="404 404 404 404 404 404 403 400 400 400 400 302"),
    ),
    "/rapporter/<int:pk>/prov-igjen/": (
        post(
            "report",
            own="404 404 404 404 404 302 403 404 403 302 302 302",
            other="404 404 404 404 404 404 403 404 403 302 302 302",
        ),
    ),
    "/rapporter/<int:pk>/status/": (
        get(
            "report",
            own="404 404 404 404 404 200 200 404 200 200 200 302",
            other="404 404 404 404 404 404 200 404 200 200 200 302",
        ),
    ),
    "/rapporter/<int:pk>/vis/": (
        get(
            "report",
            own="404 404 404 404 404 200 200 404 200 200 200 302",
            other="404 404 404 404 404 404 200 404 200 200 200 302",
        ),
    ),
    "/rapporter/sykefravaer/": (get(all="403 403 403 403 403 403 403 403 403 200 403 302"),),
    "/tilgangslogg/": (get(all="403 403 403 403 403 403 403 403 403 200 403 302"),),
    "/timer/": (get(all="403 403 403 403 403 403 403 403 200 200 200 302"),),
    "/timer/bestilling/<int:pk>/": (
        get(
            "order",
            own="404 404 404 200 200 200 200 404 200 200 200 302",
            other="404 404 404 404 404 404 200 404 200 200 200 302",
        ),
    ),
    "/timer/celle/": (post(all="403 403 403 403 403 403 403 403 400 400 400 302"),),
    "/timer/foring/<int:pk>/historikk/": (
        get(
            "time_entry",
            own="404 404 404 404 404 200 200 404 200 200 200 302",
            other="404 404 404 404 404 404 200 404 200 200 200 302",
        ),
    ),
    "/timer/godkjenning/": (get(all="403 403 403 403 403 403 403 403 403 200 403 302"),),
    "/timer/hurtig/": (get(all="403 403 403 403 403 403 403 403 200 200 200 302"),),
    "/timer/las/": (post(all="403 403 403 403 403 403 403 403 403 302 403 302"),),
    "/timer/las/<int:pk>/las-opp/": (
        # 400: no reason given is a field error on the approval page.
        post("lock", any="403 403 403 403 403 403 403 403 403 400 403 302"),
    ),
    "/timer/liste/": (get(all="403 403 403 200 200 200 200 403 200 200 200 302"),),
    "/timer/liste/eksport.<str:fmt>": (
        get(
            None,
            params={"fmt": "csv"},
            query="?date_from=2100-01-01",
            all="403 403 403 200 200 200 200 403 200 200 200 302",
        ),
        get(
            None,
            params={"fmt": "xlsx"},
            query="?date_from=2100-01-01",
            all="403 403 403 200 200 200 200 403 200 200 200 302",
        ),
    ),
    "/timer/mal/": (get(all="403 403 403 403 403 403 403 403 200 200 200 302"),),
    "/timer/timepriser/": (get(all="403 403 403 403 403 403 403 403 403 200 403 302"),),
    "/timer/uke/<int:pk>/godkjenn/": (
        # 200: the confirm step (core/confirm.py); only a post with bekreft=ja approves.
        post("week", any="403 403 403 403 403 403 403 403 403 200 403 302"),
    ),
    "/timer/uke/<int:pk>/returner/": (
        # 400: no comment given is a field error on the approval page.
        post("week", any="403 403 403 403 403 403 403 403 403 400 403 302"),
    ),
    # 200: the confirm step (core/confirm.py); only a post with bekreft=ja sends the week.
    "/timer/uke/send/": (post(all="403 403 403 403 403 403 403 403 200 200 200 302"),),
    "/tjenester/": (get(all="200 200 200 200 200 200 200 200 200 200 200 302"),),
}
