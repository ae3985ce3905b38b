"""Reading an article: its sentences, the places it names, the times it gives, and the events it reports.

In the order `pipeline.extract` runs them: article -> keywords -> places/ -> dates -> taxonomy -> events.
"""
