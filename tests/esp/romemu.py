"""The ESP32 ROM serial loader and esptool's flasher stub, emulated at the command level.

The real esptool talks to this object through a pyserial URL handler (see serial_handlers) or a
PTY, so tests exercise esptool's own framing, retries, compression and verification with no
hardware. Sources for the wire format: esptool's docs/en/advanced-topics/serial-protocol.rst
and esptool/loader.py (5.6.0), summarised in /work/shared/notes/anchors-esp32.md §3.

What is modelled, because a test or the app depends on it:
* SLIP framing; ROM replies carry 4 status bytes, the stub's 2 (esptool checks both);
* SYNC (8 replies from the ROM, 1 with value 0 from a running stub: esptool's "stub already
  running" detection), READ_REG/WRITE_REG with the eFuse MAC, the UART divider, the ROM's
  crystal calibration and the SPI peripheral's user commands (RDID 0x9F, SFDP 0x5A);
* MEM_BEGIN/DATA/END: the stub "starts" and greets with OHAI;
* FLASH_BEGIN/DATA/END and FLASH_DEFL_* (zlib), with NOR semantics: a write can only clear
  bits, so a region must be erased first, as on the real chip;
* SPI_FLASH_MD5 (32 hex characters from the ROM, 16 raw bytes from the stub),
  ERASE_FLASH/ERASE_REGION and the acknowledged READ_FLASH stream (stub only);
* CHANGE_BAUDRATE: the device's UART follows. The ROM adapts to the host's speed (it
  measures the SYNC pattern); the stub does not, so bytes sent to it at another speed are
  lost, as on a wire: a host that reconnects at 115200 to a stub left at 460800 by a failed
  session gets no answer, like it would from a board nobody reset;
* GET_SECURITY_INFO: unsupported on the classic ESP32, 20 bytes with chip_id 9 on the S3.
* Faults: fail flash writes from data block N (optionally only a few times), drop the
  connection at block N (the board is unplugged), never answer.
* Line time, a switch (`line_time`, off for tests): the serial handlers then sleep for each
  byte's 10 bit times at the port's baud rate, both ways, so bench timings mean something.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from dataclasses import dataclass
from typing import Any

import serial

SYNC_PAYLOAD = b"\x07\x07\x12\x20" + b"\x55" * 32
ROM_BAUD = 115_200
SECTOR = 0x1000

OPS = {
    0x02: "FLASH_BEGIN",
    0x03: "FLASH_DATA",
    0x04: "FLASH_END",
    0x05: "MEM_BEGIN",
    0x06: "MEM_END",
    0x07: "MEM_DATA",
    0x08: "SYNC",
    0x09: "WRITE_REG",
    0x0A: "READ_REG",
    0x0B: "SPI_SET_PARAMS",
    0x0D: "SPI_ATTACH",
    0x0F: "CHANGE_BAUDRATE",
    0x10: "FLASH_DEFL_BEGIN",
    0x11: "FLASH_DEFL_DATA",
    0x12: "FLASH_DEFL_END",
    0x13: "SPI_FLASH_MD5",
    0x14: "GET_SECURITY_INFO",
    0xD0: "ERASE_FLASH",
    0xD1: "ERASE_REGION",
    0xD2: "READ_FLASH",
    0xD3: "RUN_USER_CODE",
}
WRITE_OPS = frozenset({"FLASH_BEGIN", "FLASH_DATA", "FLASH_DEFL_BEGIN", "FLASH_DEFL_DATA"})

# Error bytes as the real loaders send them: the ROM says (1, reason), the stub puts its own
# code in the first byte, which esptool prints as e.g. "c400: Failed SPI operation".
ROM_INVALID_COMMAND = (0x01, 0x05)
ROM_BAD_CHECKSUM = (0x01, 0x07)
ROM_FLASH_WRITE_ERROR = (0x01, 0x08)
STUB_BAD_CHECKSUM = (0xC1, 0x00)
STUB_FAILED_SPI_OP = (0xC4, 0x00)
STUB_INVALID_COMMAND = (0xC3, 0x00)


def slip_encode(payload: bytes) -> bytes:
    return b"\xc0" + payload.replace(b"\xdb", b"\xdb\xdd").replace(b"\xc0", b"\xdb\xdc") + b"\xc0"


class SlipDecoder:
    """Splits a byte stream into SLIP frames; bytes between frames (boot logs) are skipped."""

    def __init__(self) -> None:
        self.buf = bytearray()
        self.in_frame = False
        self.escaped = False

    def feed(self, data: bytes) -> list[bytes]:
        frames: list[bytes] = []
        for byte in data:
            if byte == 0xC0:
                if self.in_frame and self.buf:
                    frames.append(bytes(self.buf))
                self.buf.clear()
                self.in_frame = True
                self.escaped = False
            elif not self.in_frame:
                continue
            elif self.escaped:
                self.buf.append({0xDC: 0xC0, 0xDD: 0xDB}.get(byte, byte))
                self.escaped = False
            elif byte == 0xDB:
                self.escaped = True
            else:
                self.buf.append(byte)
        return frames


@dataclass(frozen=True)
class ChipModel:
    """What differs between chips as far as esptool can see over the ROM loader."""

    key: str
    name: str
    magic: int  # word at 0x40001000, read when GET_SECURITY_INFO is unsupported
    chip_id: int | None  # GET_SECURITY_INFO's chip_id; None: the ROM refuses the command
    mac_hi_reg: int  # eFuse word whose low 16 bits are the MAC's first two bytes
    mac_lo_reg: int  # eFuse word holding the MAC's last four bytes
    uart_clkdiv_reg: int
    spi_base: int  # esptool drives RDID/SFDP through this SPI peripheral's user commands
    spi_usr2_offs: int
    spi_w0_offs: int
    extra_regs: tuple[tuple[int, int], ...] = ()


ESP32 = ChipModel(
    key="esp32",
    name="ESP32",
    magic=0x00F01D83,
    chip_id=None,
    mac_hi_reg=0x3FF5A008,  # esptool targets/esp32.py read_mac: eFuse words 2 and 1
    mac_lo_reg=0x3FF5A004,
    uart_clkdiv_reg=0x3FF40014,
    spi_base=0x3FF42000,
    spi_usr2_offs=0x24,
    spi_w0_offs=0x80,
    # The ROM's crystal estimate (targets/esp32.py get_rom_cal_crystal_freq):
    # cali_val * 15625 * ck8m / 40 = 40 MHz with cali_val 1024 and ck8m 100. esptool scales
    # the CHANGE_BAUDRATE argument by it, so a wrong value would garble the new speed.
    extra_regs=((0x3FF5F06C, 1024 << 7), (0x3FF5A010, 100)),
)
ESP32S3 = ChipModel(
    key="esp32s3",
    name="ESP32-S3",
    magic=0x00000009,
    chip_id=9,
    mac_hi_reg=0x60007048,  # targets/esp32s3.py: MAC_EFUSE_REG + 4, then MAC_EFUSE_REG
    mac_lo_reg=0x60007044,
    uart_clkdiv_reg=0x60000014,
    spi_base=0x60002000,
    spi_usr2_offs=0x20,
    spi_w0_offs=0x58,
)
CHIPS = {model.key: model for model in (ESP32, ESP32S3)}

CHIP_DETECT_MAGIC_REG = 0x40001000
XTAL_HZ = 40_000_000
SFDP_SIGNATURE = 0x50444653


@dataclass
class Faults:
    """Failures to inject. Data blocks are FLASH_DATA/FLASH_DEFL_DATA packets, counted from 0
    since the emulator was made, retries included (esptool resends a failed block 3 times)."""

    fail_write_from_block: int | None = None
    fail_write_count: int | None = None  # blocks that fail before writes heal; None: forever
    disconnect_at_block: int | None = None  # the cable is pulled when this block arrives
    mute: bool = False  # the chip never answers (no power, RX/TX swapped, charge-only cable)
    failed_blocks: int = 0


@dataclass
class Command:
    name: str
    size: int
    stub: bool


@dataclass
class _Write:
    offset: int
    block_size: int
    inflater: Any = None  # zlib decompressobj for FLASH_DEFL_*
    position: int = 0


@dataclass
class _Read:
    data: bytes
    block_size: int
    sent: int = 0


class RomEmulator:
    """One chip in download mode. `feed` takes host bytes and returns the chip's answer."""

    def __init__(
        self,
        chip: str = "esp32",
        *,
        flash_size: int = 4 << 20,
        mac: bytes = bytes.fromhex("246f28aabbcc"),
        jedec: int | None = None,
        faults: Faults | None = None,
        line_time: bool = False,
    ) -> None:
        self.model = CHIPS[chip]
        self.flash = bytearray(b"\xff" * flash_size)
        self.mac = mac
        # RDID answers manufacturer, type, capacity; capacity 0x16 is 4 MB (2**22).
        self.jedec = (
            jedec if jedec is not None else 0xEF | 0x40 << 8 | (flash_size.bit_length() - 1) << 16
        )
        self.faults = faults or Faults()
        self.line_time = line_time  # the serial handler sleeps for each byte's time on the wire
        self.present = True  # False once the cable is pulled; the port cannot be opened
        self.openers = 0
        self.locked = False
        self.log: list[Command] = []
        self.data_blocks = 0
        self.regs: dict[int, int] = {}
        self.reset()

    # -- power and reset ---------------------------------------------------------------------

    def reset(self) -> None:
        """EN pulse: the ROM starts again at 115200 baud with no stub and no session."""
        self.stub = False
        self.baud = ROM_BAUD
        self.decoder = SlipDecoder()
        self._write: _Write | None = None
        self._read: _Read | None = None
        model = self.model
        self.regs = {
            CHIP_DETECT_MAGIC_REG: model.magic,
            model.mac_lo_reg: int.from_bytes(self.mac[2:6], "big"),
            model.mac_hi_reg: int.from_bytes(self.mac[0:2], "big"),
            **dict(model.extra_regs),
        }

    def names(self) -> list[str]:
        return [command.name for command in self.log]

    def wrote_anything(self) -> bool:
        return any(command.name in WRITE_OPS for command in self.log)

    # -- the wire ----------------------------------------------------------------------------

    def feed(self, data: bytes, baud: int | None = None) -> bytes:
        if baud is not None and baud != self.baud:
            if self.stub:
                return b""  # the stub's UART at another speed sees framing errors, not bytes
            self.baud = baud  # the ROM measures the speed of the host's SYNC (autobaud)
        if self.faults.mute:
            return b""
        return b"".join(self._handle(frame) for frame in self.decoder.feed(data))

    def _handle(self, frame: bytes) -> bytes:
        if self._read is not None and len(frame) == 4:
            return self._next_read_block()  # the host acknowledges READ_FLASH data
        if len(frame) < 8 or frame[0] != 0:
            return b""
        _, op, size, checksum = struct.unpack("<BBHI", frame[:8])
        data = frame[8 : 8 + size]
        name = OPS.get(op, f"0x{op:02x}")
        self.log.append(Command(name, size, self.stub))
        handler = getattr(self, f"_op_{name.lower()}", None)
        if handler is None:
            return self._error(op, ROM_INVALID_COMMAND, STUB_INVALID_COMMAND)
        reply: bytes = handler(op, data, checksum)
        return reply

    def _reply(self, op: int, payload: bytes = b"", value: int = 0) -> bytes:
        status = b"\x00\x00" if self.stub else b"\x00\x00\x00\x00"
        body = payload + status
        return slip_encode(struct.pack("<BBHI", 1, op, len(body), value) + body)

    def _error(self, op: int, rom: tuple[int, int], stub: tuple[int, int]) -> bytes:
        status = bytes(stub) if self.stub else bytes(rom) + b"\x00\x00"
        return slip_encode(struct.pack("<BBHI", 1, op, len(status), 0) + status)

    # -- commands ----------------------------------------------------------------------------

    def _op_sync(self, op: int, data: bytes, checksum: int) -> bytes:
        if data != SYNC_PAYLOAD:
            return b""
        if self.stub:
            return self._reply(op, value=0)
        return self._reply(op, value=0x20120707) * 8

    def _op_read_reg(self, op: int, data: bytes, checksum: int) -> bytes:
        (address,) = struct.unpack("<I", data[:4])
        if address == self.model.uart_clkdiv_reg:
            value = XTAL_HZ // self.baud  # what the UART divider holds at the current speed
        else:
            value = self.regs.get(address, 0)
        return self._reply(op, value=value)

    def _op_write_reg(self, op: int, data: bytes, checksum: int) -> bytes:
        for i in range(0, len(data) - 15, 16):
            address, value, mask, _delay = struct.unpack("<IIII", data[i : i + 16])
            self.regs[address] = (self.regs.get(address, 0) & ~mask) | (value & mask)
            if address == self.model.spi_base and value & (1 << 18):
                self._spi_user_command()
        return self._reply(op)

    def _spi_user_command(self) -> None:
        base = self.model.spi_base
        command = self.regs.get(base + self.model.spi_usr2_offs, 0) & 0xFF
        address = self.regs.get(base + 0x04, 0)
        if command == 0x9F:
            result = self.jedec
        elif command == 0x5A:
            result = SFDP_SIGNATURE if address >> 8 == 0 else 0  # "SFDP" header at 0 only
        else:
            result = 0
        self.regs[base + self.model.spi_w0_offs] = result
        self.regs[base] = 0  # the USR bit clears when the command is done

    def _op_spi_attach(self, op: int, data: bytes, checksum: int) -> bytes:
        return self._reply(op)

    def _op_spi_set_params(self, op: int, data: bytes, checksum: int) -> bytes:
        return self._reply(op)

    def _op_get_security_info(self, op: int, data: bytes, checksum: int) -> bytes:
        if self.model.chip_id is None:
            return self._error(op, ROM_INVALID_COMMAND, STUB_INVALID_COMMAND)
        info = struct.pack("<IBBBBBBBBII", 0, 0, 0, 0, 0, 0, 0, 0, 0, self.model.chip_id, 0)
        return self._reply(op, info)

    def _op_change_baudrate(self, op: int, data: bytes, checksum: int) -> bytes:
        new, _old = struct.unpack("<II", data[:8])
        reply = self._reply(op)  # sent at the old speed, then the UART switches
        self.baud = new
        return reply

    def _op_mem_begin(self, op: int, data: bytes, checksum: int) -> bytes:
        return self._reply(op)

    def _op_mem_data(self, op: int, data: bytes, checksum: int) -> bytes:
        return self._reply(op)

    def _op_mem_end(self, op: int, data: bytes, checksum: int) -> bytes:
        no_entry, _entry = struct.unpack("<II", data[:8])
        reply = self._reply(op)
        if no_entry == 0:
            self.stub = True
            reply += slip_encode(b"OHAI")
        return reply

    def _erase(self, offset: int, size: int) -> None:
        start = offset - offset % SECTOR
        end = -(-(offset + size) // SECTOR) * SECTOR
        self.flash[start:end] = b"\xff" * (end - start)

    def _program(self, address: int, data: bytes) -> None:
        # NOR flash: programming clears bits, only an erase sets them back.
        end = min(address + len(data), len(self.flash))
        current = int.from_bytes(self.flash[address:end], "little")
        new = int.from_bytes(data[: end - address], "little")
        self.flash[address:end] = (current & new).to_bytes(end - address, "little")

    def _op_flash_begin(self, op: int, data: bytes, checksum: int) -> bytes:
        size, _blocks, block_size, offset = struct.unpack("<IIII", data[:16])
        self._erase(offset, size)
        self._write = _Write(offset, block_size, position=offset)
        return self._reply(op)

    def _op_flash_defl_begin(self, op: int, data: bytes, checksum: int) -> bytes:
        size, _blocks, block_size, offset = struct.unpack("<IIII", data[:16])
        self._erase(offset, size)
        self._write = _Write(offset, block_size, zlib.decompressobj(), position=offset)
        return self._reply(op)

    def _data_block_fault(self, op: int) -> bytes | None:
        faults = self.faults
        index = self.data_blocks
        self.data_blocks += 1
        if faults.disconnect_at_block is not None and index >= faults.disconnect_at_block:
            self.present = False
            raise serial.SerialException("write failed: [Errno 5] Input/output error")
        failing = faults.fail_write_from_block is not None and index >= faults.fail_write_from_block
        if failing and (
            faults.fail_write_count is None or faults.failed_blocks < faults.fail_write_count
        ):
            faults.failed_blocks += 1
            return self._error(op, ROM_FLASH_WRITE_ERROR, STUB_FAILED_SPI_OP)
        return None

    @staticmethod
    def _checksum_ok(payload: bytes, checksum: int) -> bool:
        value = 0xEF
        for byte in payload:
            value ^= byte
        return value == checksum

    def _op_flash_data(self, op: int, data: bytes, checksum: int) -> bytes:
        length, seq, _, _ = struct.unpack("<IIII", data[:16])
        payload = data[16 : 16 + length]
        if self._write is None:
            return self._error(op, ROM_INVALID_COMMAND, (0xC6, 0x00))  # "Not in flash mode"
        if not self._checksum_ok(payload, checksum):
            return self._error(op, ROM_BAD_CHECKSUM, STUB_BAD_CHECKSUM)
        fault = self._data_block_fault(op)
        if fault is not None:
            return fault
        self._program(self._write.offset + seq * self._write.block_size, payload)
        return self._reply(op)

    def _op_flash_defl_data(self, op: int, data: bytes, checksum: int) -> bytes:
        length, _seq, _, _ = struct.unpack("<IIII", data[:16])
        payload = data[16 : 16 + length]
        write = self._write
        if write is None or write.inflater is None:
            return self._error(op, ROM_INVALID_COMMAND, (0xC6, 0x00))
        if not self._checksum_ok(payload, checksum):
            return self._error(op, ROM_BAD_CHECKSUM, STUB_BAD_CHECKSUM)
        fault = self._data_block_fault(op)
        if fault is not None:
            return fault
        out = write.inflater.decompress(payload)
        self._program(write.position, out)
        write.position += len(out)
        return self._reply(op)

    def _op_flash_end(self, op: int, data: bytes, checksum: int) -> bytes:
        self._write = None
        return self._reply(op)

    def _op_flash_defl_end(self, op: int, data: bytes, checksum: int) -> bytes:
        self._write = None
        return self._reply(op)

    def _op_spi_flash_md5(self, op: int, data: bytes, checksum: int) -> bytes:
        address, size, _, _ = struct.unpack("<IIII", data[:16])
        digest = hashlib.md5(self.flash[address : address + size])
        return self._reply(op, digest.digest() if self.stub else digest.hexdigest().encode())

    def _op_erase_flash(self, op: int, data: bytes, checksum: int) -> bytes:
        if not self.stub:
            return self._error(op, ROM_INVALID_COMMAND, STUB_INVALID_COMMAND)
        self.flash[:] = b"\xff" * len(self.flash)
        return self._reply(op)

    def _op_erase_region(self, op: int, data: bytes, checksum: int) -> bytes:
        if not self.stub:
            return self._error(op, ROM_INVALID_COMMAND, STUB_INVALID_COMMAND)
        offset, size = struct.unpack("<II", data[:8])
        self._erase(offset, size)
        return self._reply(op)

    def _op_read_flash(self, op: int, data: bytes, checksum: int) -> bytes:
        if not self.stub:
            return self._error(op, ROM_INVALID_COMMAND, STUB_INVALID_COMMAND)
        offset, size, block_size, _in_flight = struct.unpack("<IIII", data[:16])
        self._read = _Read(bytes(self.flash[offset : offset + size]), block_size)
        return self._reply(op) + self._next_read_block()

    def _next_read_block(self) -> bytes:
        read = self._read
        assert read is not None
        if read.sent >= len(read.data):
            self._read = None
            return slip_encode(hashlib.md5(read.data).digest())
        chunk = read.data[read.sent : read.sent + read.block_size]
        read.sent += len(chunk)
        return slip_encode(chunk)
