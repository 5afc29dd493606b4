/* The state machine follows Channel (app/sync/channel.py) step for step; the comments there
 * say why each rule exists. What differs is only what threads and a dict gave for free:
 * fixed arrays indexed by seq % 32, and the caller's clock. */
#include "link.h"

#include <string.h>

#include "crc32c.h"

#define SLOT(seq) ((uint16_t)(seq) % LINK_WINDOW)

/* How many sequence numbers `b` is ahead of `a`, modulo 2**16. */
static uint16_t ahead(uint16_t a, uint16_t b) { return (uint16_t)(b - a); }

static int due(uint32_t now, uint32_t at) { return (int32_t)(now - at) >= 0; }

static uint32_t until(uint32_t now, uint32_t at) { return due(now, at) ? 0 : at - now; }

static uint32_t min32(uint32_t a, uint32_t b) { return a < b ? a : b; }

void link_init(link_t *link, unsigned window, uint32_t now_ms)
{
    memset(link, 0, sizeof *link);
    link->window = (uint8_t)(window >= 1 && window <= LINK_WINDOW ? window : LINK_WINDOW);
    frame_reader_init(&link->reader);
    link_reset(link, now_ms);
    link->stats.resets = 0;
}

void link_reset(link_t *link, uint32_t now_ms)
{
    /* The reader may be inside a frame of the next session: it keeps its bytes. */
    frame_reader_t reader = link->reader;
    link_stats_t stats = link->stats;
    uint8_t window = link->window;

    memset(link, 0, sizeof *link);
    link->reader = reader;
    link->stats = stats;
    link->stats.resets++;
    link->window = window;
    link->rto = LINK_INITIAL_RTO_MS;
    link->now = now_ms;
    link->last_heard = now_ms;
    link->last_sent = now_ms;
}

/* --- sending side ------------------------------------------------------------------------ */

static void fill_window(link_t *link)
{
    while (link->tx_busy && ahead(link->base, link->next_seq) < link->window) {
        size_t left = (size_t)(link->tx_len - link->tx_off);
        size_t chunk = left > FRAME_MAX_PAYLOAD ? FRAME_MAX_PAYLOAD : left;
        link_out_t *entry = &link->out[SLOT(link->next_seq)];

        memset(entry, 0, sizeof *entry);
        memcpy(entry->payload, link->tx + link->tx_off, chunk);
        entry->len = (uint8_t)chunk;
        entry->last = chunk == left;
        link->next_seq++;
        link->tx_off = (uint16_t)(link->tx_off + chunk);
        if (entry->last) {
            link->tx_busy = 0;
        }
    }
}

uint8_t *link_tx_buffer(link_t *link) { return link->tx_busy ? NULL : link->tx; }

int link_send(link_t *link, const uint8_t *msg, size_t len)
{
    if (len > LINK_MAX_MESSAGE) {
        return LINK_TOO_BIG;
    }
    if (link->tx_busy) {
        return LINK_BUSY;
    }
    memcpy(link->tx, msg, len);
    return link_send_buffered(link, len);
}

int link_send_buffered(link_t *link, size_t len)
{
    if (len > LINK_MAX_MESSAGE) {
        return LINK_TOO_BIG;
    }
    if (link->tx_busy) {
        return LINK_BUSY;
    }
    link->tx_len = (uint16_t)len;
    link->tx_off = 0;
    link->tx_busy = 1;
    link->stats.messages_out++;
    fill_window(link);
    return LINK_OK;
}

static int sent(const link_t *link, uint16_t seq)
{
    return ahead(link->base, seq) < ahead(link->base, link->next_new);
}

static void sample_rtt(link_t *link, uint32_t rtt)
{
    uint32_t margin;

    rtt = min32(rtt, LINK_MAX_RTO_MS);
    if (!link->have_srtt) {
        link->srtt = rtt;
        link->rttvar = rtt / 2;
        link->have_srtt = 1;
    } else {
        uint32_t diff = link->srtt > rtt ? link->srtt - rtt : rtt - link->srtt;
        link->rttvar = (3 * link->rttvar + diff) / 4;
        link->srtt = (7 * link->srtt + rtt) / 8;
    }
    /* Acks are delayed and batched: the margin never shrinks below a quarter round trip plus
     * one ack delay (channel._sample_rtt). */
    margin = 4 * link->rttvar;
    if (margin < link->srtt / 4 + LINK_ACK_DELAY_MS) {
        margin = link->srtt / 4 + LINK_ACK_DELAY_MS;
    }
    link->rto = link->srtt + margin;
    if (link->rto < LINK_MIN_RTO_MS) {
        link->rto = LINK_MIN_RTO_MS;
    }
    if (link->rto > LINK_MAX_RTO_MS) {
        link->rto = LINK_MAX_RTO_MS;
    }
}

static void acknowledged(link_t *link, link_out_t *entry, uint32_t now)
{
    entry->acked = 1;
    entry->queued = 0;
    if (entry->sends == 1) {
        if ((int32_t)(entry->txno - link->acked_txno) > 0) {
            link->acked_txno = entry->txno;
        }
        sample_rtt(link, now - entry->sent_at);
    } else if ((int32_t)(entry->first_txno - link->acked_txno) > 0) {
        /* Karn: no sample, and only the first transmission is surely delivered-before. */
        link->acked_txno = entry->first_txno;
    }
}

static void on_ack(link_t *link, uint16_t ack, uint32_t sack, uint32_t now)
{
    uint16_t advance = ahead(link->base, ack);

    if (advance > ahead(link->base, link->next_new)) {
        return; /* older than what we know, or beyond what we sent */
    }
    for (uint16_t i = 0; i < advance; i++) {
        link_out_t *entry = &link->out[SLOT(link->base)];
        if (!entry->acked) {
            acknowledged(link, entry, now);
        }
        link->base++;
    }
    for (unsigned bit = 0; bit < 32; bit++) {
        uint16_t seq = (uint16_t)(ack + 1 + bit);
        if (sack >> bit & 1u && sent(link, seq)) {
            link_out_t *entry = &link->out[SLOT(seq)];
            if (entry->sends && !entry->acked) {
                acknowledged(link, entry, now);
            }
        }
    }
    for (uint16_t seq = link->base; seq != link->next_new; seq++) {
        link_out_t *entry = &link->out[SLOT(seq)];
        if (entry->sends && !entry->acked && !entry->queued &&
            (int32_t)(link->acked_txno - entry->txno) >= (int32_t)LINK_REORDER) {
            entry->queued = 1; /* fast retransmission */
        }
    }
}

/* --- receiving side ---------------------------------------------------------------------- */

static uint32_t frame_sum(uint8_t kind, const uint8_t *payload, size_t len)
{
    return crc32c_update(crc32c(&kind, 1), payload, len);
}

static void deliver(link_t *link, uint8_t kind, const uint8_t *payload, uint8_t len)
{
    uint16_t slot = SLOT(link->recv_base);

    link->seen_seq[slot] = link->recv_base;
    link->seen_crc[slot] = frame_sum(kind, payload, len);
    link->seen_ok[slot] = 1;
    link->recv_base++;
    if (!link->rx_discard) {
        if ((size_t)link->rx_len + len > LINK_MAX_MESSAGE) {
            link->rx_discard = 1;
            link->rx_len = 0;
        } else {
            memcpy(link->rx + link->rx_len, payload, len);
            link->rx_len = (uint16_t)(link->rx_len + len);
        }
    }
    if (kind == FRAME_LAST) {
        if (link->rx_discard || link->rx_len == 0) {
            link->stats.dropped++;
            link->rx_discard = 0;
            link->rx_len = 0;
        } else {
            link->rx_ready = 1;
            link->stats.messages_in++;
        }
    }
}

/* Delivers the frames kept early that are now in order, until a message is complete. */
static int drain_early(link_t *link)
{
    int delivered = 0;
    while (!link->rx_ready) {
        link_early_t *early = &link->early[SLOT(link->recv_base)];
        if (!early->used || early->seq != link->recv_base) {
            break;
        }
        early->used = 0;
        link->n_early--;
        deliver(link, early->kind, early->payload, early->len);
        delivered = 1;
    }
    return delivered;
}

static void keep_early(link_t *link, const frame_t *frame)
{
    link_early_t *early = &link->early[SLOT(frame->seq)];
    if (early->used) {
        return; /* already held (a duplicate) */
    }
    early->used = 1;
    early->seq = frame->seq;
    early->kind = frame->kind;
    early->len = frame->len;
    memcpy(early->payload, frame->payload, frame->len);
    link->n_early++;
}

static void ack_soon(link_t *link, uint32_t now)
{
    link->unacked++;
    if (!link->ack_pending) {
        link->ack_pending = 1;
        link->ack_deadline = now + LINK_ACK_DELAY_MS;
    }
}

static void on_data(link_t *link, const frame_t *frame, uint32_t now)
{
    uint16_t offset = ahead(link->recv_base, frame->seq);
    int had_gap = link->n_early > 0;

    if (offset == 0 && !link->rx_ready) {
        deliver(link, frame->kind, frame->payload, frame->len);
        drain_early(link);
        ack_soon(link, now);
        if (had_gap || link->n_early) {
            link->ack_now = 1; /* the sender is waiting to learn the gap is filled */
        }
    } else if (offset == 0) {
        keep_early(link, frame); /* in order, but the previous message is not taken yet */
    } else if (offset < LINK_WINDOW) {
        keep_early(link, frame);
        link->ack_now = 1; /* report the gap at once: it drives the fast retransmission */
    } else {
        link->ack_now = 1; /* a duplicate (our ack was lost): acknowledge it again */
    }
}

/* Whether a data frame can only come from a peer that started a new session: a Channel always
 * starts at seq 0 and knows nothing of the old one. A live peer never resends a frame more than
 * a window behind our cumulative ack, never with a different content, and (serial and LoRa do
 * not reorder) never with an ack older than one it already sent. */
static int peer_restarted(const link_t *link, const frame_t *frame)
{
    uint16_t behind = ahead(frame->seq, link->recv_base);
    uint16_t ack_behind = ahead(frame->ack, link->base);
    uint16_t slot = SLOT(frame->seq);

    if (!link->active || ahead(link->recv_base, frame->seq) < LINK_WINDOW) {
        return 0;
    }
    if (behind > LINK_WINDOW || (ack_behind != 0 && ack_behind < 0x8000u)) {
        return 1;
    }
    return link->seen_ok[slot] && link->seen_seq[slot] == frame->seq &&
           link->seen_crc[slot] != frame_sum(frame->kind, frame->payload, frame->len);
}

static void on_frame(link_t *link, const frame_t *frame, uint32_t now)
{
    int data = frame->kind != FRAME_ACK;

    if (data && peer_restarted(link, frame)) {
        link_reset(link, now);
    }
    link->active = 1;
    link->last_heard = now;
    link->stats.frames_in++;
    link->stats.heard = 1;
    link->stats.last_heard_ms = now;
    on_ack(link, frame->ack, data ? 0 : frame->sack, now);
    if (data) {
        on_data(link, frame, now);
    }
}

static int silent_too_long(const link_t *link, uint32_t now)
{
    return link->active && now - link->last_heard > LINK_IDLE_MS;
}

void link_feed(link_t *link, const uint8_t *data, size_t len, uint32_t now_ms)
{
    size_t at = 0;
    frame_t frame;

    link->now = now_ms;
    if (silent_too_long(link, now_ms)) {
        link_reset(link, now_ms); /* whatever comes now belongs to a new session */
    }
    while (at < len) {
        int got;
        at += frame_reader_next(&link->reader, data + at, len - at, &frame, &got);
        if (got) {
            on_frame(link, &frame, now_ms);
        }
    }
    link->stats.rejected = link->reader.rejected;
    link->stats.crc_errors = link->reader.reasons[FRAME_BAD_CRC];
    fill_window(link);
}

const uint8_t *link_peek(const link_t *link, size_t *len)
{
    *len = link->rx_ready ? link->rx_len : 0;
    return link->rx_ready ? link->rx : NULL;
}

void link_consume(link_t *link)
{
    if (!link->rx_ready) {
        return;
    }
    link->rx_len = 0;
    link->rx_ready = 0;
    if (drain_early(link)) {
        ack_soon(link, link->now);
        link->ack_now = 1; /* frames held back while the message waited are in now */
    }
}

size_t link_recv(link_t *link, uint8_t *buf, size_t cap)
{
    size_t len = link->rx_len;

    if (!link->rx_ready || cap < len) {
        return 0;
    }
    memcpy(buf, link->rx, len);
    link_consume(link);
    return len;
}

/* --- picking what to write --------------------------------------------------------------- */

static void clear_ack(link_t *link)
{
    link->unacked = 0;
    link->ack_pending = 0;
    link->ack_now = 0;
}

static void make_ack(link_t *link, uint32_t now, frame_t *frame)
{
    uint32_t sack = 0;
    for (unsigned i = 0; i < LINK_WINDOW; i++) {
        const link_early_t *early = &link->early[i];
        int bit = (int)ahead(link->recv_base, early->seq) - 1;
        if (early->used && bit >= 0 && bit < 32) {
            sack |= 1u << bit;
        }
    }
    clear_ack(link);
    link->last_sent = now;
    link->stats.acks_sent++;
    frame->kind = FRAME_ACK;
    frame->seq = 0;
    frame->ack = link->recv_base;
    frame->sack = sack;
    frame->len = 0;
}

static void make_data(link_t *link, uint16_t seq, uint32_t now, frame_t *frame)
{
    link_out_t *entry = &link->out[SLOT(seq)];

    entry->sends++;
    link->txno++;
    entry->txno = link->txno;
    if (entry->sends == 1) {
        entry->first_txno = link->txno;
    }
    entry->sent_at = now;
    link->last_sent = now;
    link->stats.data_sent++;
    if (!link->n_early) {
        clear_ack(link); /* the piggybacked cumulative ack tells the peer everything */
    }
    frame->kind = entry->last ? FRAME_LAST : FRAME_DATA;
    frame->seq = seq;
    frame->ack = link->recv_base;
    frame->sack = 0;
    frame->len = entry->len;
    memcpy(frame->payload, entry->payload, entry->len);
}

static int ack_due(const link_t *link, uint32_t now)
{
    return link->ack_now || link->unacked >= LINK_ACK_EVERY ||
           (link->ack_pending && due(now, link->ack_deadline));
}

static int pick(link_t *link, uint32_t now, frame_t *frame)
{
    int expired = 0;

    if (ack_due(link, now)) {
        make_ack(link, now, frame);
        return 1;
    }
    for (uint16_t seq = link->base; seq != link->next_new; seq++) {
        link_out_t *entry = &link->out[SLOT(seq)];
        if (entry->sends && !entry->acked && !entry->queued &&
            due(now, entry->sent_at + link->rto)) {
            entry->queued = 1;
            expired = 1;
        }
    }
    if (expired) {
        link->rto = min32(link->rto * 2, LINK_MAX_RTO_MS); /* back off once per timeout event */
    }
    for (uint16_t seq = link->base; seq != link->next_new; seq++) {
        link_out_t *entry = &link->out[SLOT(seq)];
        if (entry->queued) {
            entry->queued = 0;
            link->stats.retransmits++;
            make_data(link, seq, now, frame);
            return 1;
        }
    }
    if (link->next_new != link->next_seq) {
        make_data(link, link->next_new++, now, frame);
        return 1;
    }
    if (link->active && now - link->last_sent >= LINK_KEEPALIVE_MS) {
        make_ack(link, now, frame);
        return 1;
    }
    return 0;
}

size_t link_poll(link_t *link, uint32_t now_ms, uint8_t *out, size_t cap)
{
    size_t used = 0;
    frame_t frame;

    link->now = now_ms;
    if (silent_too_long(link, now_ms)) {
        link_reset(link, now_ms);
        return 0;
    }
    fill_window(link);
    while (cap - used >= FRAME_MAX_WIRE && pick(link, now_ms, &frame)) {
        used += frame_encode(&frame, out + used, cap - used);
        link->stats.frames_out++;
    }
    return used;
}

int link_can_send(const link_t *link) { return !link->tx_busy; }

int link_has_message(const link_t *link) { return link->rx_ready; }

int link_idle(const link_t *link) { return !link->tx_busy && link->base == link->next_seq; }

int link_flushed(const link_t *link) { return !link->tx_busy && link->next_new == link->next_seq; }

uint32_t link_wake_in(const link_t *link, uint32_t now_ms)
{
    uint32_t wake = UINT32_MAX;

    if (ack_due(link, now_ms) || link->next_new != link->next_seq) {
        return 0;
    }
    if (link->active) {
        wake = min32(wake, until(now_ms, link->last_sent + LINK_KEEPALIVE_MS));
        wake = min32(wake, until(now_ms, link->last_heard + LINK_IDLE_MS + 1));
    }
    if (link->ack_pending) {
        wake = min32(wake, until(now_ms, link->ack_deadline));
    }
    for (uint16_t seq = link->base; seq != link->next_new; seq++) {
        const link_out_t *entry = &link->out[SLOT(seq)];
        if (entry->queued) {
            return 0;
        }
        if (entry->sends && !entry->acked) {
            wake = min32(wake, until(now_ms, entry->sent_at + link->rto));
        }
    }
    return wake;
}

const link_stats_t *link_stats(const link_t *link) { return &link->stats; }
