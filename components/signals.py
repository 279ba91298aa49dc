"""Keep Satker.tree_path true whenever a satker is saved (fixtures included)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Satker


@receiver(post_save, sender=Satker, dispatch_uid="satker_tree_path")
def keep_tree_path(sender, instance, raw=False, **kwargs):
    parent_path = ""
    if instance.parent_id:
        parent = Satker.objects.filter(pk=instance.parent_id).values_list("tree_path", flat=True)
        parent_path = (parent.first() or "").rstrip("/")
    path = f"{parent_path}/{instance.pk}/"
    old = Satker.objects.filter(pk=instance.pk).values_list("tree_path", flat=True).first()
    if old == path:
        instance.tree_path = path
        return
    Satker.objects.filter(pk=instance.pk).update(tree_path=path)
    instance.tree_path = path
    if old:  # moved: its subtree moves with it
        below = Satker.objects.filter(tree_path__startswith=old).exclude(pk=instance.pk)
        for child in below.only("pk", "tree_path"):
            Satker.objects.filter(pk=child.pk).update(tree_path=path + child.tree_path[len(old) :])
