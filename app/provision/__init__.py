"""Provisioning relays: find the port, identify the chip, flash firmware packs, write settings.

No Qt here: the screens run these functions in a worker thread and show their progress events
(app.core.progress) and hints (hints.ProvisionError codes).

    ports      serial ports and the USB bridge behind each
    chip       detect(): chip, MAC, flash size
    flashing   flash() and read_back() through esptool's API
    hints      esptool/pyserial errors → one sentence with one action, by stable code
    relaycfg   the CONFIG record and the factory image of its NVS partition
    nvs        reading a value back from an NVS image
    pack       signed firmware packs
"""
