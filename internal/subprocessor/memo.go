package subprocessor

import "sync"

// memo remembers the answers of a pure function of a string, up to max of them, for keys of
// at most maxKey bytes: a run reads the same few headers and places on every page, and a
// history every version of a page. Once full it keeps what it has: the common keys came first.
type memo[V any] struct {
	mu     sync.RWMutex
	m      map[string]V
	max    int
	maxKey int
	f      func(string) V
}

func newMemo[V any](max, maxKey int, f func(string) V) *memo[V] {
	return &memo[V]{m: map[string]V{}, max: max, maxKey: maxKey, f: f}
}

// get returns f(k), computed once while the memo has room.
func (c *memo[V]) get(k string) V {
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	if ok {
		return v
	}
	v = c.f(k)
	if len(k) <= c.maxKey {
		c.mu.Lock()
		if len(c.m) < c.max {
			c.m[k] = v
		}
		c.mu.Unlock()
	}
	return v
}

// reset forgets every answer (for benchmarks of a cold start).
func (c *memo[V]) reset() {
	c.mu.Lock()
	clear(c.m)
	c.mu.Unlock()
}
