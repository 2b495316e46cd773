/* An arena allocator for CPython (PyObject_SetArenaAllocator) that keeps the 16 KB chunks of the frame
 * stack a thread frees, to give them back the next time one is needed; every other block is mapped and
 * unmapped as CPython's own allocator does. See stack_chunks.py. Called with the GIL held. */
#include <stddef.h>
#include <sys/mman.h>

#define CHUNK 16384
#define SLOTS 64

static void *kept[SLOTS];
static int count;

void *stack_chunks_alloc(void *ctx, size_t size)
{
    (void)ctx;
    if (size == CHUNK && count > 0)
        return kept[--count];
    void *block = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return block == MAP_FAILED ? NULL : block;
}

void stack_chunks_free(void *ctx, void *block, size_t size)
{
    (void)ctx;
    if (size == CHUNK && count < SLOTS) {
        kept[count++] = block;
        return;
    }
    munmap(block, size);
}
