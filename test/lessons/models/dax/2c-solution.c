/* 2c: release on the early return, and convert only blocks that were zeroed. */
int __dax_pmd_fault(int write)
{
    int result = 0;
    int bh;

    down_write(&mapping.i_mmap_rwsem);          /* i_mmap_lock_write */
    bh = get_block(write);
    if (bh < 0) {
        up_write(&mapping.i_mmap_rwsem);
        return VM_FAULT_SIGBUS;
    }

    if (!write && !(bh & BH_MAPPED)) {
        /* a read of a hole: map the huge zero page */
        if (no_zero_page)
            goto fallback;
        pmd = PMD_ZERO;
        result = VM_FAULT_NOPAGE;
    } else {
        if (misaligned)                         /* bdev_direct_access came up short */
            goto fallback;
        if (bh & (BH_UNWRITTEN | BH_NEW))
            inode.data = 0;                     /* clear_pmem */
        pmd = PMD_PFN;
        result = VM_FAULT_NOPAGE;
    }

out:
    if (bh & BH_UNWRITTEN)
        complete_unwritten(!(result & (VM_FAULT_ERROR | VM_FAULT_FALLBACK)));
    up_write(&mapping.i_mmap_rwsem);            /* i_mmap_unlock_write */
    return result;

fallback:
    result = VM_FAULT_FALLBACK;
    goto out;
}
