/* Relay to relay over the radio (PROTOCOL.md §5): the queue's sealed objects cut into
 * fragments that fit one radio packet, reassembled by every relay that hears them, and flooded
 * on with a hop limit, duplicate suppression, a random back-off that a relay cancels when its
 * neighbours already rebroadcast (managed flooding), listen before talk, priorities, and a
 * duty-cycle budget over a sliding window.
 *
 * Everything lives in the caller's mesh_t (about 37 KB, almost all of it the reassembly
 * buffers); the radio is a radio_ops_t (radio.h) and the objects stay in the caller's queue_t.
 * The mesh never reads an object: it checks the CRC it adds around the object on the air, so a
 * damaged or partial object never enters the queue.
 */
#ifndef OBAMBU_MESH_H
#define OBAMBU_MESH_H

#include <stddef.h>
#include <stdint.h>

#include "queue.h"
#include "radio.h"

#define MESH_MARK 0x00u     /* first byte: no COBS link frame starts with a zero byte */
#define MESH_FRAGMENT 0x01u /* second byte: a fragment of an object */
#define MESH_HELLO 0x02u    /* second byte: "I am here", so neighbours know whom to expect */
#define MESH_HELLO_LEN 10u  /* mark kind tag[4] sender[4] */
#define MESH_HELLO_MS 600000u /* a relay that sent nothing for 10 minutes says hello */
#define MESH_HELLO_SHARE 32u /* hellos take at most 1/32 of the duty-cycle budget... */
                             /* ...the period growing for that up to half the window */
#define MESH_NEED 0x03u     /* second byte: "these fragments of this object did not reach me" */
#define MESH_NEED_LEN 24u   /* mark kind tag[4] sender[4] oid[8] count missing[5] */
#define MESH_NEEDS 3u       /* NEEDs a relay sends for one object with no new fragment coming */
#define MESH_NEED_SLOTS 8u  /* silence, in slots, after which a relay asks for what it lacks */
#define MESH_ASKS 4u        /* whole objects to ask for, heard of only by a neighbour's HAVE */
#define MESH_HAVE 0x04u     /* second byte: "I took this object" (a dead end, or it went on) */
#define MESH_HAVE_LEN 18u   /* mark kind tag[4] sender[4] oid[8] */
#define MESH_HAVES 8u       /* HAVEs waiting to go out */
#define MESH_HEADER 27u     /* mark kind tag[4] sender[4] oid[8] index count class hops limit ttl[4] */
#define MESH_FRAG_DATA (RADIO_MAX_PACKET - MESH_HEADER) /* 223: every fragment but the last is full */
#define MESH_STREAM_EXTRA (QUEUE_ID + 4u)               /* the object's id before it, CRC after */
#define MESH_MAX_STREAM (QUEUE_MAX_OBJECT + MESH_STREAM_EXTRA)
#define MESH_MAX_FRAGS ((MESH_MAX_STREAM + MESH_FRAG_DATA - 1u) / MESH_FRAG_DATA) /* 37 */

#define MESH_PARTIALS 4u    /* objects being reassembled at once */
#define MESH_PENDING 32u    /* objects waiting to go on air (the rest wait in the queue) */
#define MESH_NEIGHBOURS 16u /* relays heard, the least recently heard evicted */
#define MESH_BUCKETS 64u    /* duty-cycle window, in buckets of window/60 */
#define MESH_CANCEL_COPIES 2u /* copies heard during the back-off that cancel a rebroadcast */
#define MESH_LBT_TRIES 24u  /* channel found busy this many times: the object waits longer */
#define MESH_CW 2u          /* contention: 1..MESH_CW mini-slots (a slot's eighth) before a packet */
#define MESH_CLASSES 4u     /* queue classes ranked on air (class 3: urgent, see mesh_rank) */
#define MESH_RETRIES 4u     /* a relay sends its own objects again when nobody passes them on */
#define MESH_OTHERS 2u       /* packets not the mesh's (link 2's frames) waiting to go out */
#define MESH_ECHO_SLOTS 40u /* how long to listen for that: a neighbour's longest back-off and more */

/* Why a packet heard was dropped (counters in mesh_t.drops). */
typedef enum {
    MESH_DROP_SHORT = 0,    /* shorter than a header, or not a mesh packet kind */
    MESH_DROP_NETWORK = 1,  /* another network's tag */
    MESH_DROP_SHAPE = 2,    /* count 0 or too large, index past count, a length that cannot be */
    MESH_DROP_MISMATCH = 3, /* a fragment that disagrees with the others of its object */
    MESH_DROP_CRC = 4,      /* reassembled whole, but the id or the CRC does not check */
    MESH_DROP_TIMEOUT = 5,  /* a partial object given up: fragments lost */
    MESH_DROP_EVICTED = 6,  /* a partial object pushed out by a newer one */
    MESH_DROP_REFUSED = 7,  /* whole, but the queue refused it (class, hops, full) */
    MESH_DROP_RADIO = 8,    /* the radio reported a bad packet */
    MESH_DROP_REASONS = 9
} mesh_drop_t;

typedef struct {
    uint32_t window_ms;     /* the duty cycle's sliding window: ETSI's one hour */
    uint16_t permille;      /* share of the window the relay may transmit: 10 for 1 % */
    uint32_t reassembly_ms; /* a partial object not heard from for this long is dropped */
    uint32_t slot_ms;       /* back-off unit; 0: one full packet's time on air */
} mesh_params_t;

typedef struct {
    uint8_t oid[8];
    uint8_t used;
    uint8_t count;
    uint8_t cls, hops, limit;
    int8_t snr;
    uint8_t from[4];   /* sender of the last fragment heard */
    uint16_t last_len; /* length of the last fragment once heard */
    uint32_t ttl_s;
    uint64_t have;     /* bit per fragment received */
    uint64_t heard_ms; /* last fragment */
    uint64_t need_ms;  /* last NEED sent */
    uint8_t needs;     /* NEEDs sent */
    uint8_t data[MESH_MAX_STREAM];
} mesh_partial_t;

typedef struct {
    uint8_t id[QUEUE_ID];
    uint8_t used;
    uint8_t rank;     /* mesh_rank of the class: lower goes first */
    uint8_t limit;    /* hop limit carried on the air */
    uint8_t count;    /* fragments */
    uint8_t started;  /* its first fragment went out */
    uint8_t repair;   /* sent because a neighbour asked (NEED): never cancelled */
    uint64_t todo;    /* bit per fragment still to send */
    uint8_t copies;   /* copies heard from neighbours before we started */
    uint8_t farther;  /* one of them from a relay farther from the source than us */
    uint8_t hops;     /* the object's, here */
    uint8_t sent;     /* all fragments out: listening for a neighbour passing it on */
    uint8_t echo;     /* a neighbour was heard passing it on after we started */
    uint8_t retries;
    uint8_t from[4];  /* the relay we took it from (zeros: a cable): its repeats are no copies */
    uint32_t expiry;  /* the queue's, in its seconds */
    uint32_t crc;
    uint64_t due_ms;  /* not before */
} mesh_pending_t;

typedef struct {
    uint8_t id[4];
    uint8_t used;
    int8_t snr_db;
    int16_t rssi_dbm;
    uint32_t packets;
    uint64_t heard_ms;
} mesh_neighbour_t;

typedef struct mesh {
    radio_ops_t radio;
    queue_t *queue;
    mesh_params_t params;
    uint8_t tag[4];
    uint8_t self[4];
    uint64_t clock_ms; /* since mesh_init, from the wrapping clock the caller passes */
    uint32_t last_now;
    uint32_t rng;
    uint32_t last_cursor; /* queue cursors up to this one have been taken into `pending` */
    uint8_t tx_busy;      /* a packet is on air until RADIO_EV_TX_DONE */
    uint64_t tx_since_ms;
    uint64_t quiet_ms;    /* our own next packet not before: the others' turn to talk */
    uint64_t hello_ms;    /* next hello, unless something else goes out before */
    uint32_t hello_every_ms; /* the hello period: MESH_HELLO_MS, longer where hellos cost */
    uint8_t lbt;          /* busy channel found in a row */
    uint32_t burst_us;    /* time on air of our packets sent back to back since our last gap */
    uint8_t haves[MESH_HAVES][8]; /* short ids to acknowledge with a HAVE */
    uint8_t have_count;
    uint8_t asks[MESH_ASKS][8]; /* objects a neighbour said it took, that we lack: NEED whole */
    uint64_t ask_ms[MESH_ASKS];
    uint8_t ask_count;
    uint32_t bucket_ms;
    uint32_t buckets_in_window;
    uint64_t bucket_id[MESH_BUCKETS];
    uint32_t bucket_us[MESH_BUCKETS];
    void (*other)(void *ctx, const uint8_t *data, size_t len); /* non-mesh packets (link 2) */
    void *other_ctx;
    /* Told the cursor of each object from the air once in the queue; nonzero: it could not be
     * made durable and is gone from the queue again (relay.c: the flash log). NULL: kept. */
    int (*stored)(void *ctx, uint32_t cursor);
    void *stored_ctx;
    uint8_t others[MESH_OTHERS][RADIO_MAX_PACKET]; /* mesh_send_other's packets, in order */
    uint8_t other_len[MESH_OTHERS];
    uint8_t other_count;
    mesh_partial_t partials[MESH_PARTIALS];
    mesh_pending_t pending[MESH_PENDING];
    mesh_neighbour_t neighbours[MESH_NEIGHBOURS];
    /* counters */
    uint32_t packets_in, packets_out, objects_in, objects_out, rebroadcasts_cancelled;
    uint32_t duplicates_heard, hop_limit_reached, budget_waits, lbt_busy, lbt_gave_up, retries;
    uint32_t needs_sent, needs_answered, dead_ends;
    uint32_t drops[MESH_DROP_REASONS];
} mesh_t;

/* What a relay's signed link report can carry about the radio. */
typedef struct {
    uint8_t n;
    struct {
        uint8_t id[4];
        int16_t rssi_dbm;
        int8_t snr_db;
        uint32_t age_s;
        uint32_t packets;
    } neighbours[MESH_NEIGHBOURS];
    uint32_t airtime_us;        /* in the current window */
    uint32_t budget_us;         /* the window's allowance */
    uint16_t queued;
    uint32_t queued_bytes;
    uint32_t dropped;           /* packets and objects dropped, all reasons */
    uint32_t packets_in, packets_out;
} mesh_report_t;

/* `tag`: the network tag (8 bytes, the CONFIG's); `device`: this relay's id (8 bytes), of which
 * the last 4 go on the air; `seed` varies the back-off between relays and runs. */
void mesh_init(mesh_t *m, const radio_ops_t *radio, queue_t *queue, const uint8_t tag[8],
               const uint8_t device[8], const mesh_params_t *params, uint32_t seed,
               uint32_t now_ms);

/* One step: takes the radio's events, gives up stale partial objects, takes new queue objects
 * for the air, and sends at most one fragment if the radio, the channel and the budget allow.
 * `now_s` is the queue's clock. */
void mesh_poll(mesh_t *m, uint32_t now_ms, uint32_t now_s);

/* A packet received (what mesh_poll does with each RADIO_EV_RX; public for ports that receive
 * in an interrupt and for tests). */
void mesh_receive(mesh_t *m, const uint8_t *data, size_t len, int16_t rssi_dbm, int8_t snr_db,
                  uint32_t now_ms, uint32_t now_s);

/* A packet that is not the mesh's (a link frame for a laptop on link 2; its first byte must
 * not be MESH_MARK), sent by mesh_poll before anything of the mesh's, on the same radio and
 * the same duty-cycle budget, after listening before talk. 0 once queued; -1 when it cannot
 * be (too long, starts with MESH_MARK, MESH_OTHERS already waiting). */
int mesh_send_other(mesh_t *m, const uint8_t *data, size_t len, uint32_t now_ms);

/* How many more packets mesh_send_other takes now. */
unsigned mesh_other_room(const mesh_t *m);

/* Milliseconds until mesh_poll has something to do (UINT32_MAX: nothing until a packet). */
uint32_t mesh_wake_in(const mesh_t *m, uint32_t now_ms);

/* Microseconds of time on air spent in the sliding window that ends now. */
uint32_t mesh_airtime_used(const mesh_t *m, uint32_t now_ms);

/* Order on the air, lower first: governance (class 0), urgent (class 3, P0 posts), blocks
 * (class 1), documents (class 2, bulk). Class 3 keeps the queue's existing numbers. */
uint8_t mesh_rank(uint8_t cls);

void mesh_report(const mesh_t *m, uint32_t now_ms, mesh_report_t *out);

#endif
