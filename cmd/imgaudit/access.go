package main

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// accessError says that a registry refused to let imgaudit read an image,
// in words a pipeline's log can act on. It wraps the registry's answer.
type accessError struct {
	host   string
	status int
	err    error
}

func (e *accessError) Error() string {
	name, login := "the registry", "docker login"
	if e.host != "" {
		name, login = "registry "+e.host, "docker login "+e.host
	}
	return fmt.Sprintf("%s refused access (HTTP %d %s): the credentials for it are missing "+
		"or wrong; log in with %s, or point DOCKER_CONFIG at the folder whose config.json "+
		"holds them", name, e.status, http.StatusText(e.status), login)
}

func (e *accessError) Unwrap() error { return e.err }

// explainAccess turns a registry's 401 or 403 into an accessError and
// returns any other error as it is.
func explainAccess(err error) error {
	var terr *transport.Error
	if !errors.As(err, &terr) {
		return err
	}
	if terr.StatusCode != http.StatusUnauthorized && terr.StatusCode != http.StatusForbidden {
		return err
	}

	host := ""
	if terr.Request != nil && terr.Request.URL != nil {
		host = terr.Request.URL.Host
	}
	return &accessError{host: host, status: terr.StatusCode, err: err}
}
