package main

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"

	"github.com/imgaudit/imgaudit/layers"
)

// startProgress draws a bar of the layer bytes read so far on ios.ErrOut
// when it is a terminal. It returns the callback that feeds the bar, nil
// when there is no bar, and stop, which clears the bar before the report
// is written.
func startProgress(ios *streams) (report func(layers.Progress), stop func()) {
	f, ok := ios.ErrOut.(*os.File)
	if !ok || !(isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())) {
		return nil, func() {}
	}

	b := newLayerBar(f)
	return b.report, b.stop
}

// layerBar adds up the bytes read of every layer into one bar. Its total
// is the sum of the sizes the image states; a layer of unknown size adds
// what is read of it, so the bar never runs past its end.
type layerBar struct {
	mu    sync.Mutex
	bar   *progressbar.ProgressBar
	read  map[int]int64
	total int64
}

func newLayerBar(w io.Writer) *layerBar {
	bar := progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("reading layers"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowTotalBytes(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	return &layerBar{bar: bar, read: map[int]int64{}}
}

func (b *layerBar) report(p layers.Progress) {
	b.mu.Lock()
	defer b.mu.Unlock()

	prev, seen := b.read[p.Layer]
	b.read[p.Layer] = p.Read
	grow := p.Read - prev
	switch {
	case !seen:
		b.total += max(p.Size, p.Read)
	case p.Size == 0:
		b.total += grow
	}
	if b.total > 0 {
		b.bar.ChangeMax64(b.total)
	}
	b.bar.Add64(grow)
}

// stop clears the bar and keeps it from drawing again.
func (b *layerBar) stop() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.bar.Clear()
	b.bar.Exit()
}
