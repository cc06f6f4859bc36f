// Command benchdrive measures imgaudit on the image scripts/bigimage writes,
// against what reading the image's layers cannot go below: decompressing
// every blob once, as many at a time as there are processors, with the
// decompressor imgaudit ships. scripts/bench builds both and runs it:
//
//	benchdrive -dir DIR -bin IMGAUDIT [-runs N]
//
// It audits the image as a docker-archive, as an OCI layout and from a
// registry it serves on 127.0.0.1, and prints each audit's wall time,
// processor time and peak resident memory beside the bound's. Each time is
// the best of N runs after a warm-up, so the page cache holds the files
// throughout; the processor times show what a busy machine hides in the
// wall times. The registry's own work is in the bound's processor time,
// since the registry runs in this process.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"text/tabwriter"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
)

func main() {
	dir := flag.String("dir", "", "folder bigimage wrote")
	bin := flag.String("bin", "", "imgaudit binary to measure")
	runs := flag.Int("runs", 3, "timed runs of each measurement; the best counts")
	flag.Parse()
	if *dir == "" || *bin == "" || *runs < 1 {
		flag.Usage()
		os.Exit(2)
	}

	if err := run(*dir, *bin, *runs); err != nil {
		fmt.Fprintf(os.Stderr, "benchdrive: %v\n", err)
		os.Exit(1)
	}
}

// row is one line of the report.
type row struct {
	source string
	audit  measure
	bound  measure
	what   string // what the bound is
}

func run(dir, bin string, runs int) error {
	oci := filepath.Join(dir, "oci")
	img, paths, err := openLayout(oci)
	if err != nil {
		return err
	}
	if err := warm(append(paths, filepath.Join(dir, "docker.tar"))); err != nil {
		return err
	}

	bound, plain, err := best(runs, func() (time.Duration, int64, error) {
		return decompressAll(fileOpeners(paths))
	})
	if err != nil {
		return err
	}

	var rows []row
	sources := []string{"docker-archive:" + filepath.Join(dir, "docker.tar"), "oci-dir:" + oci}
	for _, src := range sources {
		m, err := audit(bin, src, runs)
		if err != nil {
			return err
		}
		rows = append(rows, row{source: src[:indexColon(src)], audit: m, bound: bound,
			what: "decompress"})
	}

	reg, err := registryRow(oci, img, bin, runs)
	if err != nil {
		return err
	}
	rows = append(rows, reg)

	printReport(len(paths), plain, rows)
	return nil
}

// registryRow audits the image from a registry on 127.0.0.1 and measures
// fetching and decompressing its blobs from there.
func registryRow(oci string, img v1.Image, bin string, runs int) (row, error) {
	ref, stop, err := serveRegistry(oci, img)
	if err != nil {
		return row{}, err
	}
	defer stop()

	remote, err := pulled(ref)
	if err != nil {
		return row{}, err
	}
	bound, _, err := best(runs, func() (time.Duration, int64, error) {
		blobs, err := layerOpeners(remote)
		if err != nil {
			return 0, 0, err
		}
		return decompressAll(blobs)
	})
	if err != nil {
		return row{}, err
	}

	m, err := audit(bin, "registry:"+ref, runs)
	if err != nil {
		return row{}, err
	}
	return row{source: "registry", audit: m, bound: bound, what: "fetch+decompress"}, nil
}

// openLayout returns the one image of the layout at dir and its layer blob
// files, base layer first.
func openLayout(dir string) (v1.Image, []string, error) {
	idx, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		return nil, nil, err
	}
	m, err := idx.IndexManifest()
	if err != nil {
		return nil, nil, err
	}
	if len(m.Manifests) != 1 {
		return nil, nil, fmt.Errorf("layout %q holds %d manifests, want 1", dir, len(m.Manifests))
	}
	img, err := idx.Image(m.Manifests[0].Digest)
	if err != nil {
		return nil, nil, err
	}

	mf, err := img.Manifest()
	if err != nil {
		return nil, nil, err
	}
	var paths []string
	for _, l := range mf.Layers {
		paths = append(paths, filepath.Join(dir, "blobs", l.Digest.Algorithm, l.Digest.Hex))
	}
	return img, paths, nil
}

func indexColon(s string) int {
	for i, c := range s {
		if c == ':' {
			return i
		}
	}
	return len(s)
}

func printReport(layers int, plain int64, rows []row) {
	fmt.Printf("image: %d layers, %.2f GiB uncompressed; GOMAXPROCS %d\n\n",
		layers, float64(plain)/(1<<30), runtime.GOMAXPROCS(0))

	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "source\timgaudit\tbound\tratio\tCPU imgaudit\tCPU bound\tpeak RSS\tbound is")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%.2fs\t%.2fs\t%.2f×\t%.2fs\t%.2fs\t%.0f MiB\t%s\n", r.source,
			r.audit.wall.Seconds(), r.bound.wall.Seconds(),
			r.audit.wall.Seconds()/r.bound.wall.Seconds(),
			r.audit.cpu.Seconds(), r.bound.cpu.Seconds(),
			float64(r.audit.maxRSS)/(1<<20), r.what)
	}
	tw.Flush()
}
