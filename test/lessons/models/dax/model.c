/* The DAX fault model shared by exercises 2a and 2b: one file, one page-sized
 * offset, the page cache slot for that offset, the filesystem's extent for it,
 * and the page-table entry of the faulting process. Two operations at a time
 * (read, write or private faults, truncate) race on the offset; the exercise
 * file supplies __dax_fault. */
#pragma page_size 16

/* the filesystem's view of the block behind our offset */
#define HOLE      0
#define UNWRITTEN 1
#define WRITTEN   2

/* what the process's page table maps at the offset */
#define PTE_NONE      0
#define PTE_HOLE_PAGE 1   /* a zero-filled page-cache page standing in for a hole */
#define PTE_PFN       2   /* the persistent-memory block itself (the DAX mapping) */

/* get_block's answer, packed into one int so it can live in a register:
 * negative = -errno, else buffer_head flags */
#define BH_MAPPED    1
#define BH_UNWRITTEN 2
#define BH_NEW       4

#define FAULT_READ  0
#define FAULT_WRITE 1
#define FAULT_COW   2     /* a write fault on a private mapping */

#define FAULT_FLAG_WRITE 1

#define VM_FAULT_SIGBUS 0x2
#define VM_FAULT_MAJOR  0x4
#define VM_FAULT_NOPAGE 0x100
#define VM_FAULT_LOCKED 0x200

#define EIO    5
#define ENOSPC 28

struct page {
    struct mutex lock;        /* lock_page() / unlock_page() */
    int in_cache;             /* page->mapping == mapping */
};

struct address_space {
    struct rw_semaphore i_mmap_rwsem;
    struct page *cached;      /* the page cache slot of our offset (NULL: empty) */
};

struct inode {
    int size;                 /* in pages: 1 until truncate makes it 0 */
    int extent;               /* HOLE, UNWRITTEN or WRITTEN */
    int data;                 /* the block's contents: one word stands for the page */
};

struct vm_fault {
    int flags;                /* FAULT_FLAG_WRITE */
    int cow;                  /* vmf->cow_page != NULL */
    struct page *page;        /* the page a VM_FAULT_LOCKED return leaves locked */
};

struct address_space mapping;
struct inode inode = { 1, HOLE, 0 };
struct page hole_page;
int pte;
int enospc;                   /* nondet: block allocation fails */
int user_stored;              /* a user store landed in the block */

void lock_page(struct page *p) { mutex_lock(&p->lock); }
void unlock_page(struct page *p) { mutex_unlock(&p->lock); }

struct page *find_get_page(void) { return mapping.cached; }

/* Like find_get_page, but returns the page locked, and NULL if it left the
 * page cache while we waited for its lock. */
struct page *find_lock_page(void)
{
    struct page *p = mapping.cached;
    if (p) {
        lock_page(p);
        if (!p->in_cache) {
            unlock_page(p);
            return NULL;
        }
    }
    return p;
}

void delete_from_page_cache(struct page *p)
{
    p->in_cache = 0;
    mapping.cached = NULL;
}

/* unmap_mapping_range over our one offset */
void unmap_mapping_range(void) { pte = PTE_NONE; }

/* The filesystem's get_block. With create it allocates an unwritten extent;
 * the filesystem serialises allocation itself (the cmpxchg), so exactly one
 * caller sees BH_NEW. Blocks are not zeroed here: that is left to DAX. */
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

/* Convert the extent to written once the fault has zeroed and mapped it. */
void complete_unwritten(int uptodate)
{
    if (uptodate)
        cmpxchg(&inode.extent, UNWRITTEN, WRITTEN);
}

/* Map the block into the process: refuse past EOF, zero a block that has never
 * been written (clear_pmem), then install the PTE. */
int dax_insert_mapping(int bh)
{
    if (inode.size == 0)
        return -EIO;
    if (bh & (BH_UNWRITTEN | BH_NEW))
        inode.data = 0;
    pte = PTE_PFN;
    return 0;
}

/* A read fault on a hole: map a zeroed page-cache page instead of a block,
 * creating it (locked, like find_or_create_page) if there is none. */
int dax_load_hole(struct page *page, struct vm_fault *vmf)
{
    if (!page) {
        page = &hole_page;
        lock_page(page);
        page->in_cache = 1;
        mapping.cached = page;
    }
    if (inode.size == 0) {
        unlock_page(page);
        return VM_FAULT_SIGBUS;
    }
    vmf->page = page;
    return VM_FAULT_LOCKED;
}

int __dax_fault(struct vm_fault *vmf);

/* The generic fault code around the DAX handler (__do_fault and its callers):
 * a VM_FAULT_LOCKED answer leaves either the page locked or, for a private
 * write fault with no page, i_mmap_rwsem held, and this is where they drop it. */
int handle_fault(int kind)
{
    struct vm_fault vmf;
    vmf.flags = kind == FAULT_READ ? 0 : FAULT_FLAG_WRITE;
    vmf.cow = kind == FAULT_COW;
    vmf.page = NULL;
    int ret = __dax_fault(&vmf);
    if (ret & VM_FAULT_LOCKED) {
        if (vmf.page) {
            if (!vmf.cow)
                pte = PTE_HOLE_PAGE;
            unlock_page(vmf.page);
        } else {
            up_write(&mapping.i_mmap_rwsem);   /* do_cow_fault's release */
        }
    }
    return ret;
}

/* A user store through the mapping the write fault set up. */
void user_store(int value)
{
    inode.data = value;
    user_stored = 1;
}

void *read_fault(void *arg)
{
    handle_fault(FAULT_READ);
    return NULL;
}

/* A private (copy-on-write) fault: copies the block, never writes it. */
void *cow_fault(void *arg)
{
    handle_fault(FAULT_COW);
    return NULL;
}

/* A shared write fault, then the store that caused it. */
void *write_fault(void *arg)
{
    int ret = handle_fault(FAULT_WRITE);
    if (!(ret & VM_FAULT_SIGBUS))
        user_store(1);
    return NULL;
}

/* truncate to zero: new size, unmap under i_mmap_rwsem, then the filesystem
 * frees the block. (Cached pages are left alone: see the lesson.) */
void *truncate_file(void *arg)
{
    inode.size = 0;
    down_write(&mapping.i_mmap_rwsem);
    unmap_mapping_range();
    up_write(&mapping.i_mmap_rwsem);
    inode.extent = HOLE;
    return NULL;
}

/* A store that completed is never wiped by another fault's zeroing
 * (checked while the file still has its block). */
#pragma invariant stores_survive
int stores_survive(void)
{
    return inode.size == 0 || !user_stored || inode.data != 0;
}

/* After truncate, nothing maps the freed block. */
#pragma invariant at_exit no_mapping_past_eof
int no_mapping_past_eof(void)
{
    return inode.size != 0 || pte != PTE_PFN;
}

/* Each run is one pair of concurrent operations on the offset, which starts
 * as a hole. */
#define READ_WRITE     0
#define COW_WRITE      1
#define WRITE_WRITE    2
#define WRITE_TRUNCATE 3
#define COW_TRUNCATE   4
#define READ_TRUNCATE  5

int main(void)
{
    pthread_t first;
    pthread_t second;
    int pair = nondet(READ_WRITE, READ_TRUNCATE);
    /* An earlier read fault may have left a zero page in the page cache, but
     * only in pairs where no other path zeroes or frees the block: a fault on
     * the page-cache path and one on the no-page path hold different locks,
     * a gap i_mmap_rwsem never covered (the lesson shows it separately). */
    if (pair == COW_WRITE || pair == COW_TRUNCATE || pair == READ_TRUNCATE) {
        if (nondet(0, 1)) {
            hole_page.in_cache = 1;
            mapping.cached = &hole_page;
        }
    }
    if (pair != COW_TRUNCATE && pair != READ_TRUNCATE)
        enospc = nondet(0, 1);      /* only a write fault allocates */
    if (pair == READ_WRITE || pair == READ_TRUNCATE)
        pthread_create(&first, NULL, read_fault, NULL);
    else if (pair == COW_WRITE || pair == COW_TRUNCATE)
        pthread_create(&first, NULL, cow_fault, NULL);
    else
        pthread_create(&first, NULL, write_fault, NULL);
    if (pair == WRITE_TRUNCATE || pair == COW_TRUNCATE || pair == READ_TRUNCATE)
        pthread_create(&second, NULL, truncate_file, NULL);
    else
        pthread_create(&second, NULL, write_fault, NULL);
    pthread_join(first, NULL);
    pthread_join(second, NULL);
    handle_fault(FAULT_READ);       /* the next fault on the offset, once both are done */
    return 0;
}
