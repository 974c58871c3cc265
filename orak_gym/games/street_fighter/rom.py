"""The ROM a user supplies: MAME's ``sfiii3n.zip``, checked by the SHA-256 DIAMBRA and sfiii-gym use."""

from __future__ import annotations

from orak_gym.core.assets import Asset

ROM_SHA256 = "7239b5eb005488db22ace477501c574e9420c0ab70aeeb0795dfeb474284d416"

ROM = Asset(
    game="street_fighter",
    filename="sfiii3n.zip",
    sha1=(),
    sha256=(ROM_SHA256,),
    how_to_get=(
        "Run `orak-gym roms import <folder>` on a folder holding your sfiii3n.zip (Street Fighter III 3rd "
        "Strike, Japan 990608, NO CD; the file DIAMBRA uses); it is found by SHA-256."
    ),
)
