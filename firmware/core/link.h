/* The reliable message link of app/sync/channel.py, without threads (PROTOCOL.md §1).
 *
 * Selective repeat: up to `window` (≤ 32) data frames in flight, cumulative ack plus a 32-bit
 * selective-ack bitmap, fast retransmission once three later frames are acknowledged, a
 * retransmission timeout that follows the round trip (Jacobson/Karels, Karn) and backs off,
 * acks delayed and coalesced, a keepalive ACK when idle. Messages are cut into DATA… LAST
 * fragments and handed over whole.
 *
 * The caller owns the clock and the bytes: link_feed() what the port received, link_poll()
 * what to write, both with the current time in milliseconds (wrapping is fine).
 *
 * A laptop's Channel has no "connect": it starts at sequence 0 and so must we. The link
 * therefore forgets its session (link_reset) after LINK_IDLE_MS of silence, and when a data
 * frame proves that the peer started over (see link.c, peer_restarted).
 */
#ifndef OBAMBU_LINK_H
#define OBAMBU_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "frame.h"

#define LINK_WINDOW 32u        /* the bitmap covers 32 frames beyond the cumulative ack */
#define LINK_MAX_MESSAGE 8448u /* RELAY_MAX_MESSAGE: an 8 KiB object and its header */
#define LINK_INITIAL_RTO_MS 1000u
#define LINK_MIN_RTO_MS 100u
#define LINK_MAX_RTO_MS 8000u
#define LINK_REORDER 3u /* a frame is lost once three frames sent after it are acknowledged */
#define LINK_ACK_EVERY 4u
#define LINK_ACK_DELAY_MS 50u
#define LINK_KEEPALIVE_MS 2000u
#define LINK_IDLE_MS 20000u /* Channel's default timeout: a peer this silent is gone */

enum { LINK_OK = 0, LINK_BUSY = 1, LINK_TOO_BIG = 2 };

/* Counters kept across sessions (link_reset leaves them). */
typedef struct {
    uint32_t frames_in;  /* valid frames received */
    uint32_t frames_out; /* frames written, data and ack */
    uint32_t data_sent;  /* data frames written, retransmissions included */
    uint32_t acks_sent;
    uint32_t retransmits;
    uint32_t rejected;   /* damaged frames, any reason */
    uint32_t crc_errors; /* of which a bad CRC */
    uint32_t messages_in;
    uint32_t messages_out;
    uint32_t dropped; /* messages over LINK_MAX_MESSAGE, or empty */
    uint32_t resets;  /* sessions forgotten (silence, restart of the peer, link_reset) */
    uint32_t last_heard_ms;
    uint8_t heard; /* a valid frame ever came */
} link_stats_t;

typedef struct {
    uint8_t payload[FRAME_MAX_PAYLOAD];
    uint8_t len;
    uint8_t last;
    uint8_t acked;  /* selectively acknowledged, waiting for the cumulative ack */
    uint8_t queued; /* declared lost, waiting for its retransmission */
    uint16_t sends;
    uint32_t sent_at;
    uint32_t txno; /* rank of its latest transmission among all of ours */
    uint32_t first_txno;
} link_out_t;

typedef struct {
    uint8_t payload[FRAME_MAX_PAYLOAD];
    uint8_t len;
    uint8_t kind;
    uint8_t used;
    uint16_t seq;
} link_early_t;

typedef struct {
    uint8_t window;
    uint8_t active; /* heard the peer since the last reset: keepalives and timers run */
    uint32_t now;   /* the latest time given by the caller */
    frame_reader_t reader;

    /* Sending: seqs in [base, next_seq) are in out[], [next_new, next_seq) not sent yet. */
    uint16_t base, next_new, next_seq;
    link_out_t out[LINK_WINDOW];
    uint32_t txno, acked_txno;
    uint32_t srtt, rttvar, rto; /* ms */
    uint8_t have_srtt;
    uint8_t tx[LINK_MAX_MESSAGE]; /* the message being cut into the window */
    uint16_t tx_len, tx_off;
    uint8_t tx_busy;

    /* Receiving: everything before recv_base is delivered or in rx[]. */
    uint16_t recv_base;
    link_early_t early[LINK_WINDOW];
    uint8_t n_early;
    uint32_t seen_crc[LINK_WINDOW]; /* of the frames delivered lately, to spot a restarted peer */
    uint16_t seen_seq[LINK_WINDOW];
    uint8_t seen_ok[LINK_WINDOW];
    uint8_t rx[LINK_MAX_MESSAGE];
    uint16_t rx_len;
    uint8_t rx_ready;   /* rx holds a whole message for link_recv */
    uint8_t rx_discard; /* the message in progress is too big: drop it up to its LAST */
    uint8_t unacked, ack_now, ack_pending;
    uint32_t ack_deadline;

    uint32_t last_heard, last_sent;
    link_stats_t stats;
} link_t;

void link_init(link_t *link, unsigned window, uint32_t now_ms);

/* Forgets the session (sequence numbers, buffers); counters stay. */
void link_reset(link_t *link, uint32_t now_ms);

void link_feed(link_t *link, const uint8_t *data, size_t len, uint32_t now_ms);

/* Writes whole frames into `out` (at least FRAME_MAX_WIRE bytes, or nothing is written):
 * acks first, then retransmissions, new data, keepalives. Returns the bytes to write. */
size_t link_poll(link_t *link, uint32_t now_ms, uint8_t *out, size_t cap);

/* Queues a message of at most LINK_MAX_MESSAGE bytes; LINK_BUSY while the previous one is not
 * yet all in the window. */
int link_send(link_t *link, const uint8_t *msg, size_t len);

/* Copies the next whole message into `buf` and returns its length, or 0 when none is there
 * (or `cap` is too small: it stays). Empty messages are dropped by the link. */
size_t link_recv(link_t *link, uint8_t *buf, size_t cap);

/* The same without copies, for a caller short of RAM: read the message where it lies, write
 * the reply into the link's own buffer (LINK_MAX_MESSAGE bytes; NULL while busy). */
const uint8_t *link_peek(const link_t *link, size_t *len);
void link_consume(link_t *link);
uint8_t *link_tx_buffer(link_t *link);
int link_send_buffered(link_t *link, size_t len);

int link_can_send(const link_t *link);
int link_has_message(const link_t *link);

/* Nothing to send and nothing unacknowledged. */
int link_idle(const link_t *link);

/* Everything queued has been written at least once (acknowledged or not). */
int link_flushed(const link_t *link);

/* Milliseconds until link_poll has something to do (0: now; UINT32_MAX: nothing pending). */
uint32_t link_wake_in(const link_t *link, uint32_t now_ms);

const link_stats_t *link_stats(const link_t *link);

#endif
