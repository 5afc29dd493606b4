"""The relay's radio settings on the Devices screen: country, band, channel, power and spreading
factor, each a list holding only what the country's plan allows (app/core/devices/radio_plan.py,
held against the relay's own check by tests/test_config_radio.py). Choosing a country refills
the bands; choosing a band refills the rest. No country: the radio stays off.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QObject, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel

from app.core.devices import radio_plan
from app.core.devices.radio_plan import Band, RadioChoice
from app.ui.plain import fill


def number(value: float) -> str:
    """As the reader writes numbers (868,0625 in French), without trailing zeros nor a
    thousands separator (2400 MHz is a frequency, not an amount)."""
    locale = QLocale()
    locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
    return locale.toString(value, "g", 10)


class RadioSettings(QObject):
    """The combo boxes, added as rows of the settings form."""

    def __init__(self, form: QFormLayout, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.country = QComboBox()
        self.country.setAccessibleName(self.tr("Country"))
        self.band = QComboBox()
        self.band.setAccessibleName(self.tr("Radio band"))
        self.channel = QComboBox()
        self.channel.setAccessibleName(self.tr("Radio channel"))
        self.power = QComboBox()
        self.power.setAccessibleName(self.tr("Radio power"))
        self.spreading = QComboBox()
        self.spreading.setAccessibleName(self.tr("Spreading factor"))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        names = {"FR": self.tr("France")}
        self.country.addItem(self.tr("No radio (cable only)"), "")
        for code in radio_plan.countries():
            self.country.addItem(f"{names.get(code, code)} ({code})", code)
        self.country.currentIndexChanged.connect(self._country_chosen)
        self.band.currentIndexChanged.connect(self._band_chosen)
        form.addRow(self.tr("Country"), self.country)
        form.addRow(self.tr("Radio band"), self.band)
        form.addRow(self.tr("Radio channel"), self.channel)
        form.addRow(self.tr("Radio power"), self.power)
        form.addRow(self.tr("Spreading factor"), self.spreading)
        form.addRow(self.hint)
        self._country_chosen()

    def choose_country(self, code: str) -> None:
        self.country.setCurrentIndex(max(self.country.findData(code), 0))

    def choice(self) -> RadioChoice | None:
        """What is chosen, or None when the radio stays off."""
        code = str(self.country.currentData() or "")
        band = self.band.currentData()
        if not code or band is None or self.channel.currentData() is None:
            return None
        sf = self.spreading.currentData()
        return RadioChoice(
            code,
            int(band),
            int(self.channel.currentData()),
            int(self.power.currentData()),
            int(sf) if sf is not None else 0,
            0,  # 125 kHz, or ESP-NOW at 1 Mbit/s: the plan's widest choice of channels
            5 if sf is not None else 0,  # coding rate 4/5: the least airtime
        )

    def _country_chosen(self) -> None:
        code = str(self.country.currentData() or "")
        self.band.blockSignals(True)
        self.band.clear()
        for band in radio_plan.bands(code):
            short, whole = self._band_words(band)
            self.band.addItem(short, band.index)
            self.band.setItemData(self.band.count() - 1, whole, Qt.ItemDataRole.ToolTipRole)
        self.band.blockSignals(False)
        for box in (self.band, self.channel, self.power, self.spreading):
            box.setEnabled(bool(code))
        self.hint.setText(
            self.tr(
                "Only the countries whose radio rules are known are listed. Elsewhere, choose "
                "no radio: the relay then works by cable only."
            )
            if not code
            else self.tr("Only what this country allows is offered.")
        )
        self._band_chosen()

    def _band_chosen(self) -> None:
        code = str(self.country.currentData() or "")
        index = self.band.currentData()
        plan = radio_plan.bands(code)
        band = plan[int(index)] if index is not None and 0 <= int(index) < len(plan) else None
        for box in (self.channel, self.power, self.spreading):
            box.clear()
        if band is None:
            return
        for channel in radio_plan.channels(band):
            mhz = number(channel.freq_hz / 1e6)
            text = fill(self.tr("{number}: {mhz} MHz"), number=str(channel.number), mhz=mhz)
            self.channel.addItem(text, channel.number)
        for dbm in radio_plan.powers(band):
            self.power.addItem(f"{dbm} dBm", dbm)
        self.power.setCurrentIndex(self.power.count() - 1)  # the most the band allows
        for sf in radio_plan.spreading_factors(band):
            words = {
                7: self.tr("SF7: fastest, shortest reach"),
                12: self.tr("SF12: slowest, longest reach"),
            }
            self.spreading.addItem(words.get(sf, f"SF{sf}"), sf)
        self.spreading.setCurrentIndex(max(self.spreading.findData(9), 0))
        self.spreading.setEnabled(band.kind == radio_plan.LORA)

    def _band_words(self, band: Band) -> tuple[str, str]:
        """The short line the list shows, and the whole sentence as its tooltip."""
        low, high = number(band.low_hz / 1e6), number(band.high_hz / 1e6)
        radio = self.tr("LoRa") if band.kind == radio_plan.LORA else self.tr("Wi-Fi (ESP-NOW)")
        if band.duty_permille >= radio_plan.NO_DUTY_CYCLE:
            share = whole = self.tr("no time limit")
        else:
            percent = number(band.duty_permille / 10)
            share = fill(self.tr("{percent} % of the time"), percent=percent)
            whole = fill(self.tr("on air {percent} % of the time at most"), percent=percent)
        text = self.tr("{low}–{high} MHz {radio}, {share}")
        return (
            fill(text, low=low, high=high, radio=radio, share=share),
            fill(text, low=low, high=high, radio=radio, share=whole),
        )
