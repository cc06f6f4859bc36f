package audit

import (
	"context"
	"runtime"
	"sync"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// Outcome is the audit of one reference among several: its result, or why
// there is none.
type Outcome struct {
	// Index is the reference's place in the list Many was given.
	Index     int
	Reference string
	Result    *result.Result
	Err       error
}

// Many audits every reference in refs, up to jobs at once (GOMAXPROCS when
// jobs is not positive), and calls each with every outcome in the order of
// refs, from one goroutine at a time. One image failing does not stop the
// others; each returning an error, or ctx ending, does, and Many returns
// that error.
//
// The audits share opts.Cache, or a new layers.Cache when it is nil (kept
// in opts.CacheDir when that is set), so a layer that several images have is
// read once. The cache holds every layer
// it has read until Many returns, so memory grows with the distinct layers
// of the images, not with their number alone.
func Many(ctx context.Context, refs []string, jobs int, opts Options,
	each func(Outcome) error) error {
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	if opts.Cache == nil {
		opts.Cache = newCache(opts.CacheDir)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	done := make([]chan Outcome, len(refs))
	for i := range done {
		done[i] = make(chan Outcome, 1)
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { auditAll(ctx, refs, jobs, opts, done) })

	for _, ch := range done {
		var o Outcome
		select {
		case o = <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
		if err := each(o); err != nil {
			return err
		}
	}
	return nil
}

// auditAll audits refs[i] into done[i], jobs at a time and in order, until
// ctx ends.
func auditAll(ctx context.Context, refs []string, jobs int, opts Options, done []chan Outcome) {
	var wg sync.WaitGroup
	defer wg.Wait()
	sem := make(chan struct{}, jobs)
	for i, ref := range refs {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		wg.Go(func() {
			defer func() { <-sem }()
			res, err := Reference(ctx, ref, opts)
			done[i] <- Outcome{Index: i, Reference: ref, Result: res, Err: err}
		})
	}
}
