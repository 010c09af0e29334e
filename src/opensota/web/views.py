from django.http import HttpResponse


def _placeholder(request, slug=None):
    return HttpResponse("ok")


home = search = paper = task = dataset = method = area = author = repository = leaderboard = _placeholder
