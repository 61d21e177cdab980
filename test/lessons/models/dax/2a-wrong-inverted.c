/* wrong: the test turned the wrong way round */
int __dax_fault(struct vm_fault *vmf)
{
    struct page *page;
    int bh;
    int error = 0;
    int major = 0;

repeat:
    page = find_get_page();
    if (page) {
        lock_page(page);
        if (!page->in_cache) {
            unlock_page(page);
            goto repeat;
        }
        if (inode.size == 0) {
            error = -EIO;
            goto unlock;
        }
    } else {
        down_write(&mapping.i_mmap_rwsem);          /* i_mmap_lock_write */
    }

    bh = get_block(0);
    if (!(bh & BH_MAPPED) && !(bh & BH_UNWRITTEN) && !vmf->cow) {
        if (vmf->flags & FAULT_FLAG_WRITE) {
            bh = get_block(1);
            major = VM_FAULT_MAJOR;
            if (bh < 0) {
                error = bh;
                goto unlock;
            }
        } else {
            if (page)
                up_write(&mapping.i_mmap_rwsem);
            return dax_load_hole(page, vmf);
        }
    }

    if (vmf->cow) {
        /* copy the block (or zeroes) into the private page */
        vmf->page = page;
        if (!page) {
            if (inode.size == 0) {                  /* raced with truncate */
                up_write(&mapping.i_mmap_rwsem);
                return VM_FAULT_SIGBUS;
            }
        }
        return VM_FAULT_LOCKED;
    }

    /* the lock is held now: look again, a read fault may have cached a page meanwhile */
    if (!page && major)
        page = find_lock_page();

    if (page) {
        unmap_mapping_range();
        delete_from_page_cache(page);
    }

    error = dax_insert_mapping(bh);
    if (bh & BH_UNWRITTEN)
        complete_unwritten(!error);
    if (page)
        unlock_page(page);
    if (!page)
        up_write(&mapping.i_mmap_rwsem);
    if (error < 0)
        return VM_FAULT_SIGBUS | major;
    return VM_FAULT_NOPAGE | major;

unlock:
    if (page)
        unlock_page(page);
    else
        up_write(&mapping.i_mmap_rwsem);
    return VM_FAULT_SIGBUS | major;
}
