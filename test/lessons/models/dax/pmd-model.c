/* The huge-page (PMD) fault model for exercise 2c: two PMD faults on the same
 * 2 MiB range of a DAX file, which may be a hole or an unwritten (preallocated)
 * extent whose blocks still hold another file's old contents. The exercise
 * file supplies __dax_pmd_fault. */
#pragma page_size 16

#define HOLE      0
#define UNWRITTEN 1
#define WRITTEN   2

#define BH_MAPPED    1
#define BH_UNWRITTEN 2
#define BH_NEW       4

#define PMD_NONE 0
#define PMD_ZERO 1            /* the huge zero page */
#define PMD_PFN  2            /* the blocks themselves */

#define VM_FAULT_SIGBUS   0x2
#define VM_FAULT_NOPAGE   0x100
#define VM_FAULT_FALLBACK 0x800
#define VM_FAULT_ERROR    0x2

#define ENOSPC 28
#define STALE  0x5ca1ab1e     /* what an unzeroed block would show: someone else's data */

struct address_space {
    struct rw_semaphore i_mmap_rwsem;
};

struct inode {
    int extent;               /* HOLE, UNWRITTEN or WRITTEN */
    int data;                 /* one word standing for the range's contents */
};

struct address_space mapping;
struct inode inode = { HOLE, STALE };
int pmd;
int enospc;                   /* nondet: the filesystem cannot allocate */
int no_zero_page;             /* nondet: the huge zero page cannot be allocated */
int misaligned;               /* nondet: the device gives back less than a PMD */
int user_stored;

/* As in the 4 KiB model: allocation is serialised inside the filesystem. */
int get_block(int create)
{
    int e = inode.extent;
    if (e == WRITTEN)
        return BH_MAPPED;
    if (e == UNWRITTEN)
        return BH_MAPPED | BH_UNWRITTEN;
    if (!create)
        return 0;
    if (enospc)
        return -ENOSPC;
    if (cmpxchg(&inode.extent, HOLE, UNWRITTEN) != HOLE)
        return get_block(create);
    return BH_MAPPED | BH_UNWRITTEN | BH_NEW;
}

/* Mark the extent written: from now on reads see its contents, not zeroes. */
void complete_unwritten(int uptodate)
{
    if (uptodate)
        cmpxchg(&inode.extent, UNWRITTEN, WRITTEN);
}

int __dax_pmd_fault(int write);

/* A huge-page fault, read or write; a write fault's store follows it. */
void *pmd_fault_a(void *arg)
{
    int write = nondet(0, 1);
    int ret = __dax_pmd_fault(write);
    if (write && ret == VM_FAULT_NOPAGE) {
        inode.data = 1;
        user_stored = 1;
    }
    return NULL;
}

/* The next fault on the same range: a read. */
void *pmd_fault_b(void *arg)
{
    __dax_pmd_fault(0);
    return NULL;
}

/* Blocks that were never zeroed must not become readable as file data. */
#pragma invariant no_stale_data
int no_stale_data(void)
{
    return inode.extent != WRITTEN || inode.data != STALE;
}

/* A completed store is never wiped by another fault's zeroing. */
#pragma invariant stores_survive
int stores_survive(void)
{
    return !user_stored || inode.data != 0;
}

int main(void)
{
    pthread_t a;
    pthread_t b;
    if (nondet(0, 1))
        inode.extent = UNWRITTEN;     /* fallocate()d earlier */
    enospc = nondet(0, 1);
    no_zero_page = nondet(0, 1);
    misaligned = nondet(0, 1);
    pthread_create(&a, NULL, pmd_fault_a, NULL);
    pthread_create(&b, NULL, pmd_fault_b, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return 0;
}
