"""Coordinator routes for reaching residents: the snippets to embed a module or the checker
on the municipality's site, the sites allowed to embed them, the look (NL Design System
tokens), the logo, the address printed on paper, and the links to print every module."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from awareness.administration import branding as admin
from awareness.content.schema import RESIDENT_AUDIENCES
from awareness.learning import services
from awareness.organisations.branding import TOKENS, BrandingError
from awareness.organisations.models import Organisation
from awareness.web.coordinators.access import organisation_for
from awareness.web.coordinators.admin_forms import ButtonForm
from awareness.web.coordinators.blueprint import bp


def token_field(name: str) -> str:
    return "token_" + name.replace("-", "_")


class BrandingForm(FlaskForm):
    public_url = StringField(_l("Adres van dit platform voor uw inwoners"),
                             validators=[Optional(), Length(max=300)])
    origins = TextAreaField(_l("Websites die de pagina's mogen insluiten (één per regel)"),
                            validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Opslaan"))


for _token in TOKENS:
    setattr(BrandingForm, token_field(_token.name), StringField(
        _token.label, validators=[Optional(), Length(max=200)]))


class LogoForm(FlaskForm):
    logo = FileField(_l("Logo (PNG, hoogstens 200 kB)"),
                     validators=[FileRequired(_l("Kies een bestand."))])
    submit = SubmitField(_l("Logo opslaan"))


def _form(organisation: Organisation) -> BrandingForm:
    tokens = organisation.design_tokens or {}
    initial = {token_field(t.name): tokens.get(t.name, "") for t in TOKENS}
    return BrandingForm(data={"public_url": organisation.public_url or "",
                              "origins": "\n".join(organisation.embed_origins or []),
                              **initial})


def _page(organisation: Organisation, form: BrandingForm, logo_form: LogoForm
          ) -> ResponseReturnValue:
    base = organisation.public_url or current_app.config["PUBLIC_URL"]
    modules = [m for audience in RESIDENT_AUDIENCES for m in services.catalogue(audience)]
    page = render_template("coordinators/branding.html", organisation=organisation,
                           form=form, logo_form=logo_form, remove_form=ButtonForm(),
                           tokens=TOKENS, token_field=token_field, base=base, modules=modules)
    return page, 400 if form.errors or logo_form.errors else 200


@bp.route("/<org_slug>/bereik", methods=["GET", "POST"])
def branding(org_slug: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    form = _form(organisation)
    if form.validate_on_submit():
        values = admin.BrandingInput(
            origins=form.origins.data or "", public_url=form.public_url.data,
            tokens={t.name: form[token_field(t.name)].data or "" for t in TOKENS},
            allow_loopback_http=current_app.config["ENV_NAME"] != "production")
        try:
            admin.update_branding(organisation.id, values, current_user.id)
        except admin.BrandingProblems as problems:
            form.origins.errors = list(problems.origins)
            form.public_url.errors = [problems.public_url] if problems.public_url else []
            for name, message in problems.tokens.items():
                form[token_field(name)].errors = [message]
        else:
            flash(_("De instellingen zijn opgeslagen."), "info")
            return redirect(url_for(".branding", org_slug=org_slug))
    return _page(organisation, form, LogoForm(formdata=None))


@bp.post("/<org_slug>/bereik/logo")
def branding_logo(org_slug: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    logo_form = LogoForm()
    if logo_form.validate_on_submit():
        try:
            admin.set_logo(organisation.id, logo_form.logo.data.read(), current_user.id)
        except BrandingError as error:
            logo_form.logo.errors = [str(error)]
        else:
            flash(_("Het logo is opgeslagen."), "info")
            return redirect(url_for(".branding", org_slug=org_slug))
    return _page(organisation, _form(organisation), logo_form)


@bp.post("/<org_slug>/bereik/logo/verwijderen")
def branding_logo_remove(org_slug: str) -> ResponseReturnValue:
    organisation = organisation_for(org_slug)
    if not ButtonForm().validate_on_submit():
        abort(400)
    admin.set_logo(organisation.id, None, current_user.id)
    flash(_("Het logo is verwijderd."), "info")
    return redirect(url_for(".branding", org_slug=org_slug))
