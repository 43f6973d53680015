"""Cloud Region Atlas: check the data, build the model, write the site's outputs."""
