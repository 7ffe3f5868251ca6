"""The HTTP service (`leadsift serve`): routes speak HTTP and call the layers below."""
