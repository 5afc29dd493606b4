/* For Python's ctypes: what a relay's seed and id make of its random draws (mesh_init), so a
 * test can check that relays whose seed and id cancel out under XOR still differ. One mesh_t
 * in static memory (the host only; no radio, an empty queue). */
#include <string.h>

#include "mesh.h"
#include "queue.h"
#include "radio.h"

static mesh_t seed_mesh;
static queue_t seed_queue;
static uint8_t seed_arena[1024];

/* out[0]: the generator's state after mesh_init; out[1]: the first hello's time, in ms. */
void mesh_seed_draws(uint32_t seed, const uint8_t device[8], uint32_t out[2])
{
    static const uint8_t tag[8] = {'S', 'E', 'E', 'D', 'T', 'A', 'G', '1'};
    radio_ops_t ops;
    mesh_params_t params = {3600000u, 1000u, 60000u, 100u};

    memset(&ops, 0, sizeof ops);
    queue_init(&seed_queue, seed_arena, sizeof seed_arena, sizeof seed_arena / 2u, 0x07, 8u);
    mesh_init(&seed_mesh, &ops, &seed_queue, tag, device, &params, seed, 0);
    out[0] = seed_mesh.rng;
    out[1] = (uint32_t)seed_mesh.hello_ms;
}
