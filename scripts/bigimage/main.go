// Command bigimage writes the large image the benchmark audits, built in
// code with pinned timestamps and seeded content so that every run gives
// the same bytes:
//
//	go run ./scripts/bigimage DIR
//
// DIR receives docker.tar (a docker-archive with gzip layers, as crane and
// kaniko write them) and oci/ (an OCI layout folder). The image has more than
// 100,000 files and 1 GiB of content in twelve gzip layers; later layers
// overwrite, delete and opaque-empty what earlier ones wrote. See plan.go.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: bigimage DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintf(os.Stderr, "bigimage: %v\n", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	blobs := filepath.Join(dir, "blobs")
	if err := os.MkdirAll(blobs, 0o755); err != nil {
		return err
	}
	defer os.RemoveAll(blobs)

	ls, total, err := writeLayers(blobs)
	if err != nil {
		return err
	}
	if err := total.check(); err != nil {
		return err
	}

	img, err := assemble(ls)
	if err != nil {
		return fmt.Errorf("assembling image: %w", err)
	}
	if err := writeImage(dir, img); err != nil {
		return err
	}

	fmt.Printf("bigimage: %d layers, %d files, %d folders, %d links, %d whiteouts, %d bytes\n",
		len(ls), total.files, total.dirs, total.links, total.whiteouts, total.bytes)
	return nil
}

// writeLayers writes every step of the plan as a blob in dir, as many at a
// time as there are processors.
func writeLayers(dir string) ([]v1.Layer, stats, error) {
	ls := make([]v1.Layer, len(plan))
	st := make([]stats, len(plan))
	errs := make([]error, len(plan))

	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, s := range plan {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()

			p := filepath.Join(dir, fmt.Sprintf("layer-%02d.tar.gz", i))
			digest, diffID, size, lst, err := writeLayer(p, i, s)
			if err != nil {
				errs[i] = fmt.Errorf("writing layer %d: %w", i, err)
				return
			}
			ls[i], errs[i] = fileLayer(p, digest, diffID, size)
			st[i] = lst
		})
	}
	wg.Wait()

	var total stats
	for i := range plan {
		if errs[i] != nil {
			return nil, total, errs[i]
		}
		total.add(st[i])
	}
	return ls, total, nil
}

// assemble stacks the layers with their history into an image config.
func assemble(ls []v1.Layer) (v1.Image, error) {
	adds := make([]mutate.Addendum, len(ls))
	for i, l := range ls {
		adds[i] = mutate.Addendum{
			Layer:   l,
			History: v1.History{CreatedBy: plan[i].createdBy, Created: v1.Time{Time: built}},
		}
	}
	img, err := mutate.Append(empty.Image, adds...)
	if err != nil {
		return nil, err
	}

	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture = "linux", "amd64"
	cfg.Created = v1.Time{Time: built}
	cfg.Config.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin"}
	cfg.Config.Cmd = []string{"node", "/srv/app/src/server.js"}
	cfg.Config.WorkingDir = "/srv/app"
	return mutate.ConfigFile(img, cfg)
}

// writeImage writes img as DIR/docker.tar and as the layout DIR/oci.
func writeImage(dir string, img v1.Image) error {
	tag, err := name.NewTag("imgaudit-bench:big")
	if err != nil {
		return err
	}
	if err := tarball.WriteToFile(filepath.Join(dir, "docker.tar"), tag, img); err != nil {
		return fmt.Errorf("writing docker.tar: %w", err)
	}

	p, err := layout.Write(filepath.Join(dir, "oci"), empty.Index)
	if err != nil {
		return fmt.Errorf("writing oci layout: %w", err)
	}
	if err := p.AppendImage(img); err != nil {
		return fmt.Errorf("writing oci layout: %w", err)
	}
	return nil
}
