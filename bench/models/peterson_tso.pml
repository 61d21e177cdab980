/* Peterson's lock under TSO: each thread's stores go to its own FIFO store
   buffer, which a separate process drains to memory one store at a time; a
   thread's loads see its own newest buffered store first. The assertion fails
   (both threads read the other's flag as 0 while their own stores are still
   buffered). Mirrors bench/models/peterson.c with --memory-model tso. */
#define BUF 3
byte mem[3];               /* 0: flag[0]  1: flag[1]  2: turn */
byte inside;
byte baddr[2 * BUF];
byte bval[2 * BUF];
byte bcount[2];

inline store(sp, sa, sv) {
  atomic {
    bcount[sp] < BUF ->
    baddr[sp * BUF + bcount[sp]] = sa;
    bval[sp * BUF + bcount[sp]] = sv;
    bcount[sp]++
  }
}

/* newest buffered store to the address, else memory */
inline load(lp, la, lr) {
  atomic {
    if
    :: bcount[lp] >= 3 && baddr[lp * BUF + 2] == la -> lr = bval[lp * BUF + 2]
    :: else ->
      if
      :: bcount[lp] >= 2 && baddr[lp * BUF + 1] == la -> lr = bval[lp * BUF + 1]
      :: else ->
        if
        :: bcount[lp] >= 1 && baddr[lp * BUF] == la -> lr = bval[lp * BUF]
        :: else -> lr = mem[la]
        fi
      fi
    fi
  }
}

proctype drain(byte p) {
end:
  do
  :: atomic {
       bcount[p] > 0 ->
       mem[baddr[p * BUF]] = bval[p * BUF];
       baddr[p * BUF] = baddr[p * BUF + 1]; bval[p * BUF] = bval[p * BUF + 1];
       baddr[p * BUF + 1] = baddr[p * BUF + 2]; bval[p * BUF + 1] = bval[p * BUF + 2];
       baddr[p * BUF + 2] = 0; bval[p * BUF + 2] = 0;
       bcount[p]--
     }
  od
}

proctype P(byte p) {
  byte other, t;
  store(p, p, 1);
  store(p, 2, 1 - p);
  do
  :: load(p, 1 - p, other);
     load(p, 2, t);
     if
     :: other == 0 || t == p -> break
     :: else -> skip
     fi
  od;
  inside++;
  assert(inside == 1);
  inside--;
  store(p, p, 0)
}

init {
  atomic { run drain(0); run drain(1); run P(0); run P(1) }
}
