package audit

import (
	"fmt"

	"github.com/google/go-containerregistry/pkg/name"

	"github.com/imgaudit/imgaudit/pkg/source"
)

// where names an opened image for messages: the reference and the
// registry for a registry image, else the kind of source and the path or
// name, so that an error in reading a layer says whose layer it was.
func where(img *source.Image) string {
	if img.Kind == source.Registry {
		if r, err := name.ParseReference(img.Reference); err == nil {
			return fmt.Sprintf("%q from registry %s", img.Reference, r.Context().RegistryStr())
		}
	}
	return fmt.Sprintf("%s %q", img.Kind, img.Reference)
}
