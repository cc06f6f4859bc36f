package source

import (
	"fmt"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// The two files that make a folder or a tar an OCI image layout.
const (
	layoutMarker = "oci-layout"
	layoutIndex  = "index.json"
)

// openOCIDir opens the OCI layout folder at dir.
func openOCIDir(dir string, opts Options) (*Image, error) {
	idx, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		return nil, fmt.Errorf("opening oci layout %q: %w", dir, err)
	}

	img, err := chooseImage(idx, opts.Platform, dir)
	if err != nil {
		return nil, err
	}
	return describe(describedImage{Image: img}, OCIDir, nil)
}

// openOCIArchive opens the tar of an OCI layout at p, serving blobs from the
// tar in place. The returned image holds the file open until Close.
func openOCIArchive(p string, opts Options) (*Image, error) {
	t, err := indexTar(p)
	if err != nil {
		return nil, fmt.Errorf("opening oci-archive %q: %w", p, err)
	}

	img, err := imageFromArchive(t, opts.Platform, p)
	if err != nil {
		t.Close()
		return nil, err
	}
	return describe(describedImage{Image: img}, OCIArchive, t.Close)
}

// imageFromArchive chooses an image from the index.json of the layout in t.
func imageFromArchive(t *tarIndex, want, where string) (v1.Image, error) {
	raw, err := t.readAll(layoutIndex)
	if err != nil {
		return nil, fmt.Errorf("opening oci-archive %q: %w", where, err)
	}

	idx, err := newArchiveIndex(t, raw, types.OCIImageIndex)
	if err != nil {
		return nil, fmt.Errorf("opening oci-archive %q: %w", where, err)
	}
	return chooseImage(idx, want, where)
}
