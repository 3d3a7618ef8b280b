"""One module per page of the multipage app; each has ``main()``. dari.ui.shell lists them."""
