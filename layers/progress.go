package layers

import (
	"io"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// progressStep is how many bytes of a blob Walk reads between two reports
// on it.
const progressStep = 1 << 20

// Progress is how far Walk has read one layer's blob, as Options.Progress
// receives it.
type Progress struct {
	// Layer is the 0-based index of the layer.
	Layer int
	// Read is how many bytes of the blob, as stored, have been read.
	Read int64
	// Size is the size of the blob as the image states it; 0 when the layer
	// cannot say without reading it.
	Size int64
	// Done is set on the last report of a layer whose blob was read to its
	// end. A layer taken from Options.Cache, or missing, is never read.
	Done bool
}

// announce reports every layer unread, with its size, before any is read,
// so that a progress display knows the whole from the start.
func announce(ls []v1.Layer, opts *Options) {
	if opts.Progress == nil {
		return
	}
	for i, l := range ls {
		opts.Progress(Progress{Layer: i, Size: statedSize(l)})
	}
}

// statedSize is the blob size a layer's descriptor states, or 0.
func statedSize(l v1.Layer) int64 {
	d, ok := l.(describer)
	if !ok {
		return 0
	}
	desc, err := d.Descriptor()
	if err != nil {
		return 0
	}
	return desc.Size
}

// progressReader reports through opts.Progress how much of a blob has been
// read through it.
type progressReader struct {
	r      io.Reader
	report func(Progress)
	p      Progress
	next   int64
}

// withProgress wraps the blob of layer i so that reading it is reported;
// done makes the last report. Without opts.Progress, blob is returned as is.
func withProgress(blob io.Reader, l v1.Layer, i int, opts *Options) (r io.Reader, done func()) {
	if opts.Progress == nil {
		return blob, func() {}
	}
	pr := &progressReader{r: blob, report: opts.Progress,
		p: Progress{Layer: i, Size: statedSize(l)}, next: progressStep}
	return pr, pr.done
}

func (pr *progressReader) Read(b []byte) (int, error) {
	n, err := pr.r.Read(b)
	pr.p.Read += int64(n)
	if pr.p.Read >= pr.next {
		pr.report(pr.p)
		pr.next = pr.p.Read + progressStep
	}
	return n, err
}

func (pr *progressReader) done() {
	pr.p.Done = true
	pr.report(pr.p)
}
