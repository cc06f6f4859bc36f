package audit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// absentLayer is a layer the image lists but whose blob is not there.
type absentLayer struct {
	v1.Layer
	mt types.MediaType
}

func (a absentLayer) MediaType() (types.MediaType, error) { return a.mt, nil }
func (a absentLayer) Compressed() (io.ReadCloser, error) {
	return nil, fmt.Errorf("finding blob: %w", fs.ErrNotExist)
}

func TestMissingLayers(t *testing.T) {
	tests := []struct {
		name    string
		mt      types.MediaType
		wantErr bool
	}{
		{"absent blob", types.DockerLayer, true},
		{"foreign layer", types.DockerForeignLayer, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, err := random.Layer(64, types.DockerLayer)
			if err != nil {
				t.Fatal(err)
			}
			other, err := random.Layer(64, types.DockerLayer)
			if err != nil {
				t.Fatal(err)
			}
			img, err := mutate.AppendLayers(empty.Image, base, absentLayer{other, tt.mt})
			if err != nil {
				t.Fatal(err)
			}

			_, err = Image(context.Background(), img, About{}, Options{})
			if (err != nil) != tt.wantErr {
				t.Fatalf("Image error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && (!errors.Is(err, fs.ErrNotExist) ||
				!strings.HasPrefix(err.Error(), "reading layer 1 (sha256:")) {
				t.Errorf("error %q does not name layer 1 and the missing blob", err)
			}
		})
	}
}
